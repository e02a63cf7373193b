#include "ui/TokenActions.h"

#include "core/common/Humanize.h"
#include "ui/ClipboardGuard.h"
#include "ui/ConfigController.h"
#include "ui/model/TokenTableModel.h"
#include "ui/sync/SessionThread.h"

#include <memory>

namespace tokencache {

TokenActions::TokenActions(const ConfigController& config, TokenTableModel& model, ClipboardGuard& clipboard,
                           QObject* parent)
    : QObject(parent), m_config(config), m_model(model), m_clipboard(clipboard)
{}

void TokenActions::refresh(const ProviderProfile& profile)
{
    if (!m_session)
        return;
    emit reported(tr("Refreshing %1…").arg(profile.name), false);
    m_session->refresh(profile, this, [this](const Result<CacheEntry>& entry) {
        if (!entry)
            return emit reported(entry.error().message, true);
        if (entry->stored)
            m_model.upsert({*entry});
        emit reported(tr("Refreshed %1: expires in %2").arg(entry->key, Humanize::timeLeft(entry->ttlMs)),
                      false);
        emit refreshed(*entry);
    });
}

void TokenActions::evict(const QStringList& keys)
{
    if (!m_session || keys.isEmpty())
        return;
    struct Progress
    {
        qsizetype left;
        QStringList failures;
    };
    auto progress = std::make_shared<Progress>(Progress{keys.size(), {}});
    for (const QString& key : keys) {
        m_session->evict(key, this, [this, key, keys, progress](const Result<Done>& done) {
            // Gone already is what was asked for.
            if (!done && done.error().kind != Error::Kind::NotFound)
                progress->failures.append(done.error().message);
            else
                m_model.removeKey(key);
            if (--progress->left > 0)
                return;
            if (keys.size() > 1 && !progress->failures.isEmpty())
                return emit reported(tr("%1 of %2 keys were not evicted: %3")
                                         .arg(progress->failures.size())
                                         .arg(keys.size())
                                         .arg(progress->failures.first()),
                                     true);
            if (!progress->failures.isEmpty())
                return emit reported(progress->failures.first(), true);
            emit reported(keys.size() == 1 ? tr("Evicted %1").arg(key)
                                           : tr("Evicted %n keys", nullptr, int(keys.size())),
                          false);
        });
    }
}

void TokenActions::revokeAndEvict(const ProviderProfile& profile)
{
    if (!m_session)
        return;
    const QString key = profile.cacheKey();
    emit reported(tr("Revoking the token of %1 at %2's provider…").arg(key, profile.name), false);
    m_session->revokeAndEvict(profile, TokenCache::OnRevokeFailure::KeepEntry, this,
                              [this, key](const Result<Done>& done) {
                                  if (!done)
                                      return emit reported(done.error().message, true);
                                  m_model.removeKey(key);
                                  emit reported(tr("Revoked and evicted %1").arg(key), false);
                              });
}

void TokenActions::copy(const QString& key, Copy what)
{
    if (!m_session)
        return;
    const std::shared_ptr<const AuditLog> audit = m_config.auditLog();
    if (auto writable = audit->check(); !writable)
        return emit reported(writable.error().message, true);
    // Read again, not taken from the table: the table holds no token, and the one in Redis is current.
    m_session->read(
        key, m_config.connection().profileForKey(key), this,
        [this, what, audit](const Result<CacheEntry>& entry) {
            if (!entry)
                return emit reported(entry.error().message, true);
            if (!entry->token)
                return emit reported(tr("%1 holds no token to copy").arg(entry->key), true);
            QString text = entry->token->accessToken;
            if (what == Copy::Header)
                text = entry->token->authorizationHeader();
            if (what == Copy::Curl) {
                const ProviderProfile* profile = m_config.connection().profile(entry->profile);
                const QString audience = profile ? profile->audience : QString();
                text = entry->token->curlCommand(audience.startsWith(QLatin1String("http"))
                                                     ? audience
                                                     : QStringLiteral("https://api.example.com/"));
            }
            m_clipboard.copy(text);
            static const char* const actions[] = {"copy", "header", "curl"};
            audit->record({QLatin1String(actions[int(what)]),
                           entry->key,
                           entry->profile,
                           entry->token->fingerprint(),
                           {},
                           {}});
            const int clearSeconds = m_clipboard.clearDelayMs() / 1000;
            emit reported(clearSeconds > 0 ? tr("Copied the token of %1; the clipboard is cleared in %2 s")
                                                 .arg(entry->key)
                                                 .arg(clearSeconds)
                                           : tr("Copied the token of %1").arg(entry->key),
                          false);
        });
}

} // namespace tokencache
