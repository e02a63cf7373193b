#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace tokencache {

struct CacheEntry;
class ClipboardGuard;
class ConfigController;
class SessionThread;
class TokenTableModel;
struct ProviderProfile;

/**
 * What the window does to tokens: refresh, evict, revoke and copy, through the current session.
 * Each ends in one line for the status bar; asking the user first is the window's part.
 */
class TokenActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenActions)

public:
    enum class Copy
    {
        Token,
        Header,
        Curl
    };

    TokenActions(const ConfigController& config, TokenTableModel& model, ClipboardGuard& clipboard,
                 QObject* parent = nullptr);

    /** The session actions go through; none (not connected): actions do nothing. */
    void setSession(std::shared_ptr<SessionThread> session) { m_session = std::move(session); }

    void refresh(const ProviderProfile& profile);
    /** Deletes @p keys; one report when every key is done. */
    void evict(const QStringList& keys);
    /** Revokes @p profile's cached token at its provider, then deletes the entry; it stays when that fails.
     */
    void revokeAndEvict(const ProviderProfile& profile);
    void copy(const QString& key, Copy what);

signals:
    void reported(const QString& message, bool error);
    /** A refresh stored @p entry (the table has it already). */
    void refreshed(const CacheEntry& entry);

private:
    const ConfigController& m_config;
    TokenTableModel& m_model;
    ClipboardGuard& m_clipboard;
    std::shared_ptr<SessionThread> m_session;
};

} // namespace tokencache
