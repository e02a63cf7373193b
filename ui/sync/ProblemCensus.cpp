#include "ui/sync/ProblemCensus.h"

#include "core/config/SecretPrefetch.h"
#include "ui/sync/SessionThread.h"

#include <QTime>

namespace tokencache {

namespace {
/** What a count depends on: the data the connection reaches and the profiles that own its keys. */
QString countedAs(const Connection& connection)
{
    return (QStringList{connection.redis.dataSource()} + ProviderProfile::ownership(connection.profiles))
        .join(QLatin1Char('\n'));
}
} // namespace

ProblemCensus::ProblemCensus(QObject* parent) : QObject(parent) {}

ProblemCensus::~ProblemCensus()
{
    delete m_pass; // the pass stops before its session ends
}

void ProblemCensus::count(const Connection& connection)
{
    if (m_countedAs.value(connection.name) == countedAs(connection))
        return; // counted, or queued, as it is
    forget(connection.name);
    m_countedAs.insert(connection.name, countedAs(connection));
    m_queue.append(connection);
    if (!m_pass)
        next();
}

void ProblemCensus::markCounted(const Connection& connection)
{
    forget(connection.name);
    m_countedAs.insert(connection.name, countedAs(connection));
}

void ProblemCensus::forget(const QString& name)
{
    m_countedAs.remove(name);
    m_queue.removeIf([&name](const Connection& queued) { return queued.name == name; });
    if (m_counting == name) {
        delete m_pass;
        m_session.reset();
        m_counting.clear();
        next();
    }
}

void ProblemCensus::next()
{
    if (m_pass || m_queue.isEmpty())
        return;
    const Connection connection = m_queue.takeFirst();
    m_counting = connection.name;
    m_pass = new QObject(this);
    // As the tab would: a keychain password is read first; the session resolves it from memory.
    SecretPrefetch::run({connection.redis.passwordRef}, m_pass, [this, connection] {
        auto session =
            SessionThread::start(connection.redis, tr("counting problems only: nothing is written"));
        if (!session)
            return finish(-1, tr("Not counted: %1").arg(session.error().message));
        m_session = *session;
        auto problems = std::make_shared<int>(0);
        m_session->list(
            ListQuery{{}, connection.profiles}, {}, 0, m_pass,
            [problems](const QList<TokenRow>& rows) {
                *problems += int(std::count_if(rows.cbegin(), rows.cend(),
                                               [](const TokenRow& row) { return row.problems != 0; }));
            },
            [this, problems](const Result<qsizetype>& done) {
                if (!done)
                    return finish(-1, tr("Not counted: %1").arg(done.error().message));
                finish(*problems, tr("Counted at %1 in one pass; open the connection to follow it live")
                                      .arg(QTime::currentTime().toString(QStringLiteral("HH:mm"))));
            });
    });
}

void ProblemCensus::finish(int count, const QString& note)
{
    const QString name = std::exchange(m_counting, {});
    m_pass->deleteLater(); // it may be the one calling
    m_pass = nullptr;
    // Ended off this call: the session's thread is joined, and its last answer may be on its way here.
    QMetaObject::invokeMethod(
        this, [session = std::move(m_session)] {}, Qt::QueuedConnection);
    emit counted(name, count, note);
    next();
}

} // namespace tokencache
