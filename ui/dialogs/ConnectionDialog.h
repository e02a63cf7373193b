#pragma once

#include "core/config/AppConfig.h"

#include <QDialog>
#include <memory>

class QCheckBox;
class QComboBox;
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
    /**
     * Edits @p start: its Redis settings and labels (tag, colour, read-only). A @p start without a name is a
     * new connection, named in the dialog; @p takenNames are refused. The name also names the keychain entry
     * of a typed password.
     */
    ConnectionDialog(const Connection& start, const QStringList& takenNames, QWidget* parent = nullptr);
    /** A line above the form, e.g. that the window uses another connection for now. */
    void setNotice(const QString& text);
    ~ConnectionDialog() override;

    RedisSettings settings() const;
    /** The connection as edited: @p start with the dialog's name, Redis settings and labels. */
    Connection connection() const;
    void accept() override;

private:
    void testConnection();
    void testWithSecrets();

    /** Why the name or labels cannot be saved; empty when they can. */
    QString labelProblem() const;

    Connection m_start;
    QStringList m_takenNames;
    QLineEdit* m_name;
    QComboBox* m_tag;
    QLineEdit* m_color;
    QCheckBox* m_readOnly;
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
