#include "core/cache/ChangeFeed.h"

#include "core/cache/ListQuery.h"
#include "core/cache/TokenCache.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace tokencache {

ChangeFeed::ChangeFeed(RedisClient& redis, TokenCache& cache, QList<ProviderProfile> profiles,
                       QObject* parent)
    : QObject(parent), m_redis(redis), m_cache(cache), m_profiles(std::move(profiles)), m_watcher(redis)
{
    connect(&m_watcher, &KeyspaceWatcher::liveChanged, this, &ChangeFeed::onLive);
    connect(&m_watcher, &KeyspaceWatcher::changed, this, &ChangeFeed::onEvent);
    connect(&m_watcher, &KeyspaceWatcher::lost, this, [this](const QString& reason) {
        openGap(QStringLiteral("the keyspace subscription was lost (%1); changes meanwhile are missed")
                    .arg(reason));
    });
    connect(&m_poll, &QTimer::timeout, this, &ChangeFeed::poll);
}

void ChangeFeed::openGap(const QString& reason)
{
    // Said once: a server that stays down is not reported again at every retry.
    if (!std::exchange(m_inGap, true))
        emit gap(reason);
}

void ChangeFeed::closeGap(const QString& how)
{
    if (std::exchange(m_inGap, false))
        emit note(QStringLiteral("changes arrive again: %1").arg(how));
}

QString ChangeFeed::fingerprintOf(const CacheEntry& entry)
{
    return entry.token
               ? entry.token->fingerprint()
               : QString::fromLatin1(QCryptographicHash::hash(entry.raw, QCryptographicHash::Sha256).toHex());
}

bool ChangeFeed::removes(const QString& event)
{
    return event == QLatin1String("del") || event == QLatin1String("expired") ||
           event == QLatin1String("evicted") || event == QLatin1String("rename_from");
}

QStringList ChangeFeed::patternsFor(const QString& pattern, const QList<ProviderProfile>& profiles)
{
    if (!pattern.isEmpty())
        return {pattern};
    QStringList patterns{ListQuery::kDefaultPattern};
    const QRegularExpression defaultGlob(QRegularExpression::wildcardToRegularExpression(
        ListQuery::kDefaultPattern, QRegularExpression::UnanchoredWildcardConversion));
    for (const ProviderProfile& profile : profiles) {
        // A key is matched literally: glob characters in it are escaped as SCAN MATCH reads them.
        const QString key = profile.cacheKey();
        if (!QRegularExpression(QStringLiteral("^") + defaultGlob.pattern() + QStringLiteral("$"))
                 .match(key)
                 .hasMatch())
            patterns.append(QString(key).replace(QRegularExpression(QStringLiteral(R"(([*?\[\]]))")),
                                                 QStringLiteral("\\\\1")));
    }
    return patterns;
}

void ChangeFeed::start(const QString& pattern, int pollMs, bool subscribeAnyway)
{
    m_pattern = pattern;
    m_poll.setInterval(pollMs);
    m_watcher.start(patternsFor(pattern, m_profiles), subscribeAnyway);
}

void ChangeFeed::onLive(KeyspaceWatcher::Live live, const QString& reason)
{
    if (live == KeyspaceWatcher::Live::On) {
        m_poll.stop();
        m_seen.reset();
        if (m_inGap)
            return closeGap(reason);
        if (!m_watcher.confirmed())
            emit note(reason); // subscribed without knowing that events come: if none do, this says why
        return;
    }
    // Unknown while a lost subscription is made again, or Redis is away: the watcher retries, a gap is said.
    if (live == KeyspaceWatcher::Live::Unknown && m_watcher.retrying())
        return;
    if (!m_poll.isActive()) {
        emit polling(reason);
        m_poll.start();
        poll();
    }
}

void ChangeFeed::readAfter(TokenCache& cache, const QList<ProviderProfile>& profiles, const QString& key,
                           QObject* context, AfterHandler handler)
{
    cache.read(key, ProviderProfile::owning(profiles, key), context,
               [handler = std::move(handler)](const Result<CacheEntry>& entry) {
                   if (entry)
                       return handler(std::optional(*entry));
                   if (entry.error().kind == Error::Kind::NotFound)
                       return handler(std::optional<CacheEntry>());
                   handler(entry.error());
               });
}

void ChangeFeed::onEvent(const QString& key, const QString& event)
{
    readAfter(m_cache, m_profiles, key, this,
              [this, key, event](const Result<std::optional<CacheEntry>>& now) {
                  if (!now) {
                      // Said once per key until it reads again: forged events must not flood the warnings.
                      if (m_unreadable.size() >= kMaxRemembered)
                          m_unreadable.clear();
                      if (!m_unreadable.contains(key)) {
                          m_unreadable.insert(key);
                          emit gap(QStringLiteral("%1 changed (%2) but could not be read: %3")
                                       .arg(key, event, now.error().message));
                      }
                      return;
                  }
                  m_unreadable.remove(key);
                  // What the key shows must match the event: a removal the key outlived, or a write of a key
                  // that is not there, is forged or already overtaken, and the next event says what happened.
                  if (removes(event) == now->has_value())
                      return;
                  emit changed(event, key, *now);
              });
}

void ChangeFeed::poll()
{
    if (m_scanning)
        return;
    m_scanning = true;
    auto now = std::make_shared<QHash<QString, Seen>>();
    m_cache.list(
        ListQuery{m_pattern, m_profiles}, this,
        [now](const QList<CacheEntry>& batch) {
            for (const CacheEntry& entry : batch)
                now->insert(entry.key, {fingerprintOf(entry), entry});
        },
        [this, now](const Result<qsizetype>& done) {
            m_scanning = false;
            if (!done)
                return openGap(done.error().message);
            closeGap(QStringLiteral("Redis answers again (polling)"));
            if (m_seen) {
                for (auto it = now->cbegin(); it != now->cend(); ++it) {
                    const auto before = m_seen->constFind(it.key());
                    if (before == m_seen->cend() || before->fingerprint != it->fingerprint)
                        emit changed(QStringLiteral("set"), it.key(), it->entry);
                }
                for (auto it = m_seen->cbegin(); it != m_seen->cend(); ++it) {
                    if (!now->contains(it.key()))
                        emit changed(QStringLiteral("gone"), it.key(), std::nullopt);
                }
            }
            m_seen = std::move(*now);
        });
}

} // namespace tokencache
