#pragma once

#include "core/config/ProviderProfile.h"
#include "core/oauth/ProviderMetadata.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace tokencache {

/**
 * The issuer's URL with Discover beside it: the issuer's metadata is read without blocking (the
 * dialog may close meanwhile) and what it names is shown below the field: the token, introspection
 * and revocation endpoints and the client authentication methods it supports, with a warning when
 * the chosen method is not among them.
 */
class IssuerField final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IssuerField)

public:
    explicit IssuerField(const QString& issuer, QWidget* parent = nullptr);

    QString issuer() const;
    /** The token endpoint the last discovery of the issuer as it is now found; empty before one. */
    QString discoveredTokenEndpoint() const;
    /** Reads the issuer's metadata, trusting @p entered's CA file, within its request timeout. */
    void discover(const ProviderProfile& entered);
    /** The method chosen in the dialog: a warning says so when the issuer does not list it. */
    void setAuthMethod(ProviderProfile::AuthMethod method);

signals:
    void discoverClicked();
    /** The issuer was edited or a discovery ended: the token URL's placeholder follows. */
    void changed();

private:
    void forgetFound();
    void showFound();
    void showError(const QString& message);

    ProviderMetadataClient* m_metadata;
    QLineEdit* m_issuer;
    QPushButton* m_discover;
    QLabel* m_found;
    QLabel* m_warning;
    std::optional<ProviderMetadata> m_lastFound;
    ProviderProfile::AuthMethod m_method = ProviderProfile::AuthMethod::ClientSecretBasic;
    quint64 m_discovery = 0; ///< counts discoveries and edits: only the answer to the latest is shown
};

} // namespace tokencache
