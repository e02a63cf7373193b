#include "ui/widgets/DetailPane.h"

#include "core/common/Humanize.h"
#include "ui/Theme.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace tokencache {

namespace {

QString escaped(const QString& text)
{
    return text.toHtmlEscaped();
}

QString table(const QJsonObject& object, const QDateTime& now)
{
    QString rows;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        rows += QStringLiteral("<tr><td class='k'>%1</td><td>%2</td></tr>")
                    .arg(escaped(it.key()), escaped(Humanize::claim(it.key(), it.value(), now)));
    return QStringLiteral("<table cellspacing='0' cellpadding='2'>%1</table>").arg(rows);
}

} // namespace

DetailPane::DetailPane(QWidget* parent, const Clock& clock)
    : QWidget(parent), m_staleNote(new QLabel(this)), m_title(new QLabel(this)), m_expiry(new QLabel(this)),
      m_clock(clock), m_reveal(new QPushButton(tr("Reveal token"), this)), m_body(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("detailPane"));
    m_title->setObjectName(QStringLiteral("detailTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Key names come from Redis: never HTML; a long one is cut at the pane's edge (its tooltip and
    // a copy have it whole) instead of widening the window.
    m_title->setTextFormat(Qt::PlainText);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_expiry->setObjectName(QStringLiteral("detailExpiry"));
    m_expiry->setWordWrap(true); // the pane keeps its width; a long line wraps
    m_expiry->setTextFormat(Qt::PlainText);
    m_staleNote->setTextFormat(Qt::PlainText);
    m_reveal->setObjectName(QStringLiteral("revealButton"));
    m_reveal->setCheckable(true);
    m_body->setObjectName(QStringLiteral("detailBody"));
    m_body->setOpenLinks(false);
    m_body->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere); // a token has no spaces to break at
    m_body->document()->setDefaultStyleSheet(Theme::documentStyle(palette()));

    auto* heading = new QVBoxLayout;
    heading->addWidget(m_title);
    heading->addWidget(m_expiry);
    auto* header = new QHBoxLayout;
    header->addLayout(heading, 1);
    header->addWidget(m_reveal, 0, Qt::AlignTop);
    m_staleNote->setObjectName(QStringLiteral("detailStale"));
    m_staleNote->setText(tr("Redis is unreachable: this is the last known data."));
    m_staleNote->setStyleSheet(Theme::textStyle(Theme::Tone::Warning));
    m_staleNote->setWordWrap(true);
    m_staleNote->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_staleNote);
    layout->addLayout(header);
    layout->addWidget(m_body, 1);

    connect(m_reveal, &QPushButton::toggled, this, [this](bool on) {
        if (on && m_entry && m_revealGate && !m_revealGate(*m_entry)) {
            const QSignalBlocker quiet(m_reveal);
            m_reveal->setChecked(false);
            return;
        }
        m_revealed = on;
        m_reveal->setText(on ? tr("Hide token") : tr("Reveal token"));
        render();
    });
    clear();
}

void DetailPane::showEntry(const CacheEntry& entry, const QList<CacheProblem>& problems)
{
    // A revealed token stays revealed only while it is the same token.
    const auto tokenOf = [](const CacheEntry& shown) {
        return shown.token ? shown.token->accessToken : QString();
    };
    const bool sameToken = m_entry && m_entry->key == entry.key && tokenOf(*m_entry) == tokenOf(entry);
    m_entry = entry;
    m_problems = problems;
    m_readAtMs = m_clock.monotonicMs();
    if (!sameToken)
        m_reveal->setChecked(false);
    render();
    tick();
}

void DetailPane::showVerification(const QString& fingerprint, const TokenVerifier::Report& report)
{
    m_verifiedFingerprint = fingerprint;
    m_verification = report;
    render();
}

void DetailPane::tick()
{
    if (!m_entry) {
        m_expiry->clear();
        return;
    }
    const qint64 elapsedMs = m_clock.monotonicMs() - m_readAtMs;
    QString text = m_entry->ttlMs == CacheEntry::kNoTtl ? tr("never expires (no TTL)")
                   : m_entry->ttlMs > elapsedMs
                       ? tr("expires in %1").arg(Humanize::timeLeft(m_entry->ttlMs - elapsedMs))
                       : tr("expired");
    if (m_entry->ageSeconds)
        text += tr(", age %1").arg(Humanize::duration(*m_entry->ageSeconds * 1000 + elapsedMs));
    qint64 apartMs = 0; // overflow (a PTTL and an exp from anywhere) counts as apart
    const bool apart = m_entry->jwtLeftMs && m_entry->ttlMs >= 0 &&
                       (qSubOverflow(*m_entry->jwtLeftMs, m_entry->ttlMs, &apartMs) || qAbs(apartMs) > 1000);
    if (apart) {
        // The countdown is Redis's TTL; a JWT whose exp says otherwise is shown beside it.
        const qint64 jwtLeftMs = *m_entry->jwtLeftMs - elapsedMs;
        text += jwtLeftMs > 0 ? tr("; the JWT's exp in %1").arg(Humanize::timeLeft(jwtLeftMs))
                              : tr("; the JWT's exp passed %1 ago").arg(Humanize::duration(-jwtLeftMs));
    }
    m_expiry->setText(text);
    // Claim times ("in 1m 37s", "22s ago") move on too, unless the reader is selecting text.
    if (m_entry->jwt && !m_body->textCursor().hasSelection())
        render();
}

void DetailPane::showMessage(const QString& message, bool error)
{
    m_entry.reset();
    m_title->setText(QString());
    m_expiry->clear();
    m_reveal->setChecked(false);
    m_reveal->setEnabled(false);
    m_body->setHtml(QStringLiteral("<p%1>%2</p>")
                        .arg(error ? QStringLiteral(" class='bad'") : QString(), escaped(message)));
}

void DetailPane::showGone(const QString& key)
{
    showMessage(tr("This entry is no longer in Redis: it expired or was deleted elsewhere. Nothing is "
                   "selected now."),
                false);
    m_title->setText(key);
    m_title->setToolTip(Theme::plainToolTip(key));
    m_expiry->setText(tr("gone"));
}

void DetailPane::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    m_staleNote->setVisible(stale);
    // Greyed through the palette, not disabled: the reader can still scroll and select.
    QPalette greyed = palette();
    if (stale) {
        for (const QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText})
            greyed.setColor(role, palette().color(QPalette::Disabled, role));
    }
    for (QWidget* part :
         {static_cast<QWidget*>(m_title), static_cast<QWidget*>(m_expiry), static_cast<QWidget*>(m_body)})
        part->setPalette(greyed);
}

void DetailPane::clear()
{
    m_entry.reset();
    m_reveal->setChecked(false);
    m_reveal->setEnabled(false);
    m_title->setText(tr("No entry selected"));
    m_title->setToolTip({});
    m_expiry->clear();
    m_body->setHtml(tr("<p>Select a token to see its response, decoded JWT and warnings.</p>"));
}

void DetailPane::render()
{
    if (!m_entry)
        return;
    m_title->setText(m_entry->key);
    m_title->setToolTip(Theme::plainToolTip(m_entry->key));
    m_reveal->setEnabled(m_entry->token.has_value());
    // Re-rendered after every sync: keep the reader's place.
    const int scrolled = m_body->verticalScrollBar()->value();
    m_body->setHtml(html(*m_entry));
    m_body->verticalScrollBar()->setValue(scrolled);
}

QString DetailPane::html(const CacheEntry& entry) const
{
    QString html;
    QString status = CacheEntry::statusName(entry.status);
    if (!entry.reason.isEmpty())
        status += QStringLiteral(" — ") + entry.reason;
    QJsonObject facts{{tr("status"), status},
                      {tr("profile"), entry.profile.isEmpty() ? QStringLiteral("—") : entry.profile},
                      {tr("size"), QStringLiteral("%1 bytes").arg(entry.sizeBytes)}};
    if (entry.token) // matches the token in a service's log without revealing it
        facts.insert(tr("fingerprint"), entry.token->fingerprint());
    if (const QString binding = entry.binding(); !binding.isEmpty())
        facts.insert(tr("bound to"), binding);
    if (entry.lock) {
        facts.insert(tr("holder"), entry.lock->holder);
        facts.insert(tr("held for"), Humanize::duration(entry.lock->ageMs));
    }
    if (!m_problems.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>").arg(tr("Problems"));
        for (const CacheProblem& problem : m_problems)
            html += QStringLiteral("<p class='warn'>⚠ <b>%1</b>: %2</p>")
                        .arg(CacheProblem::kindName(problem.kind), escaped(problem.detail));
    }
    for (const QString& warning : entry.warnings)
        html += QStringLiteral("<p class='warn'>⚠ %1</p>").arg(escaped(warning));
    html += table(facts, m_clock.nowUtc());
    if (!entry.token)
        return html;

    const TokenResponse& response = *entry.token;
    if (!m_verifiedFingerprint.isEmpty() && m_verifiedFingerprint == response.fingerprint()) {
        QJsonObject checks;
        for (const TokenVerifier::Check& check : m_verification.checks) {
            checks.insert(check.name,
                          TokenVerifier::outcomeName(check.outcome) + QStringLiteral(" — ") + check.detail);
        }
        html += QStringLiteral("<h3>%1</h3><p class='%2'>%3</p>")
                    .arg(tr("Verification"),
                         m_verification.verdict == TokenVerifier::Verdict::Valid ? QStringLiteral("good")
                                                                                 : QStringLiteral("bad"),
                         tr("The token is %1.").arg(TokenVerifier::verdictName(m_verification.verdict))) +
                table(checks, m_clock.nowUtc());
    }
    html += QStringLiteral("<h3>%1</h3><p class='token'>%2</p>")
                .arg(tr("Access token"),
                     escaped(m_revealed ? response.accessToken : Humanize::masked(response.accessToken)));
    if (entry.jwt) {
        html +=
            QStringLiteral("<h3>%1</h3>").arg(tr("JWT claims")) + table(entry.jwt->claims, m_clock.nowUtc());
        html +=
            QStringLiteral("<h3>%1</h3>").arg(tr("JWT header")) + table(entry.jwt->header, m_clock.nowUtc());
    } else {
        html += QStringLiteral("<p>%1</p>").arg(tr("Opaque token (not a JWT)."));
    }
    const QJsonObject json = m_revealed ? response.json : response.maskedJson();
    html += QStringLiteral("<h3>%1</h3><pre>%2</pre>")
                .arg(tr("Token response"),
                     escaped(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented))));
    return html;
}

} // namespace tokencache
