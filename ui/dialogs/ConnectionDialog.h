#pragma once

#include "core/config/AppConfig.h"

#include <QDialog>
#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tokencache {

class CacheSession;
class SecretField;

/** The Redis connection: URL, ACL user, password reference, database, and "Test connection". */
class ConnectionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionDialog)

public:
    /** @p connectionName: whose settings these are; it names the keychain entry of a typed password. */
    ConnectionDialog(const RedisSettings& settings, const QString& connectionName, QWidget* parent = nullptr);
    /** A line above the form, e.g. that the window uses another connection for now. */
    void setNotice(const QString& text);
    ~ConnectionDialog() override;

    RedisSettings settings() const;
    void accept() override;

private:
    void testConnection();
    void testWithSecrets();

    QLineEdit* m_url;
    QLineEdit* m_user;
    SecretField* m_password;
    QSpinBox* m_database;
    QLineEdit* m_tlsCa;
    QLineEdit* m_tlsCert;
    QLineEdit* m_tlsKey;
    QLineEdit* m_tlsServerName;
    QCheckBox* m_tlsInsecure;
    QLabel* m_result;
    QLabel* m_notice;
    QLabel* m_urlPasswordNote;
    std::shared_ptr<CacheSession> m_probeSession;
};

} // namespace tokencache
