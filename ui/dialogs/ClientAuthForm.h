#pragma once

#include "core/common/Result.h"
#include "core/config/ProviderProfile.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;

namespace tokencache {

class FileField;
class SecretField;

/**
 * How the client proves who it is: the method, and only the fields that method uses (the client
 * secret; a private key with its key id and algorithm; an assertion's audience; a client certificate
 * and its key), and the CA file any method may need for the provider's certificate. Secrets are
 * SecretFields, as the client secret always was.
 */
class ClientAuthForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientAuthForm)

public:
    /** @p error: where the profile's client authentication problems are shown, below the last field. */
    ClientAuthForm(const ProviderProfile& profile, QLabel* error, QWidget* parent = nullptr);

    ProviderProfile::AuthMethod method() const;
    /** Sets the method and the fields it uses in @p profile; those it does not use are left empty. */
    void applyTo(ProviderProfile& profile) const;
    /** Secrets typed for the keychain are stored under the profile's name. */
    void setProfileName(const QString& name);
    /** Writes the secrets the method uses that were typed for the keychain, then @p done (the first error).
     */
    void storeInKeychain(QObject* context, std::function<void(const Result<Done>&)> done);

signals:
    void methodChanged(ProviderProfile::AuthMethod method);

private:
    /** Shows the rows the chosen method uses, and the audience's URL when it is one. */
    void followMethod();
    QString assertionAudience() const;
    QList<SecretField*> usedSecrets() const;

    QFormLayout* m_form;
    QComboBox* m_method;
    QLabel* m_hint; ///< what the method sends
    SecretField* m_secret;
    SecretField* m_privateKey;
    QLineEdit* m_keyId;
    QComboBox* m_algorithm;
    QHBoxLayout* m_audienceRow;
    QComboBox* m_audience;
    QLineEdit* m_audienceUrl;
    FileField* m_certificate;
    SecretField* m_certificateKey;
    FileField* m_authorities;
};

} // namespace tokencache
