#pragma once

#include "core/cache/CacheEntry.h"
#include "core/cache/CacheProblems.h"
#include "core/common/Clock.h"
#include "core/jwt/TokenVerifier.h"

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace tokencache {

/**
 * The selected entry in full: token (masked until revealed), response JSON, decoded JWT, warnings.
 * Its time left and age move on with tick(), between the syncs that bring the entry again.
 */
class DetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailPane)

public:
    explicit DetailPane(QWidget* parent = nullptr, const Clock& clock = Clock::system());

    /** @p problems: what is wrong with it (CacheProblem::of, and a rewrite storm the window saw). */
    void showEntry(const CacheEntry& entry, const QList<CacheProblem>& problems = {});
    /** A message instead of an entry: an error (in the error colour) or a plain note. */
    void showMessage(const QString& message, bool error = true);
    /** The entry shown left Redis (expired, or deleted elsewhere): said, not replaced by another. */
    void showGone(const QString& key);
    void clear();
    /** Redis is unreachable: what is shown stays, greyed and marked as the last known data. */
    void setStale(bool stale);
    /** Moves the countdown on; one window timer drives it with the table's. */
    void tick();
    bool revealed() const { return m_revealed; }
    /** What `verify` found for the token with @p fingerprint: shown with the entry while it holds that token.
     */
    void showVerification(const QString& fingerprint, const TokenVerifier::Report& report);
    /** Asked before a token is revealed (the audit log records it); false keeps it hidden. */
    void setRevealGate(std::function<bool(const CacheEntry&)> gate) { m_revealGate = std::move(gate); }

private:
    void render();
    QString html(const CacheEntry& entry) const;

    QLabel* m_staleNote;
    QLabel* m_title;
    QLabel* m_expiry;
    const Clock& m_clock;
    qint64 m_readAtMs = 0; ///< on m_clock: the entry's TTL and age are as of its read
    QPushButton* m_reveal;
    QTextBrowser* m_body;
    std::optional<CacheEntry> m_entry;
    QList<CacheProblem> m_problems; ///< m_entry's
    QString m_verifiedFingerprint;  ///< the token m_verification is about
    TokenVerifier::Report m_verification;
    bool m_revealed = false;
    bool m_stale = false;
    std::function<bool(const CacheEntry&)> m_revealGate;
};

} // namespace tokencache
