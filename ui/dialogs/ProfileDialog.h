#pragma once

#include "core/config/ProviderProfile.h"

#include <QDialog>
#include <QHash>
#include <QJsonObject>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace tokencache {

class ClientAuthForm;
class IssuerField;
class TokenClient;

/**
 * Every field of a provider profile, with the reason an input is refused shown next to its
 * field, and "Fetch a token now" to try the profile without closing the dialog. Four tabs: the
 * client (with its issuer, whose metadata Discover shows), how it authenticates, the request
 * (format, extra headers) and the response (where its fields are, with what each pointer finds in
 * the last response fetched, updated as the pointers are typed).
 */
class ProfileDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileDialog)

public:
    /** @p takenNames: names other profiles use already. */
    ProfileDialog(const ProviderProfile& profile, const QStringList& takenNames, QWidget* parent = nullptr);
    ~ProfileDialog() override;

    /** The profile as entered. */
    ProviderProfile profile() const;
    /** Shows the problems next to their fields; true when there are none. */
    bool validateInput();

    void accept() override;

private:
    QLineEdit* addLine(const QString& objectName, const QString& text, const QString& placeholder = {});
    QWidget* generalTab();
    QWidget* requestTab(const ProviderProfile& profile);
    QWidget* responseTab(const ProviderProfile& profile);
    void addHeaderRow(const QString& name, const QString& value);
    QMap<QString, QString> headers() const;
    void fetchNow();
    void fetchWithSecrets();
    /** The token URL may stay empty with an issuer: its placeholder says where the URL comes from. */
    void updateTokenUrlPlaceholder();
    /** Shows what each pointer finds in the last response fetched. */
    void updatePreview();
    /** Problems with a name that only the dialog knows of: spaces, another profile's name. */
    QList<ProviderProfile::Problem> nameProblems(const QString& name) const;
    void checkName();

    ProviderProfile m_original; ///< what the dialog does not show (members it does not know) stays
    QStringList m_takenNames;
    TokenClient* m_client;
    QLineEdit* m_name;
    QLineEdit* m_tokenUrl;
    QCheckBox* m_allowInsecureHttp;
    QLineEdit* m_clientId;
    IssuerField* m_issuer;
    ClientAuthForm* m_auth;
    QLineEdit* m_scopes;
    QLineEdit* m_audience;
    QLineEdit* m_resource;
    QPlainTextEdit* m_extra;
    QLineEdit* m_key;
    QSpinBox* m_margin;
    QSpinBox* m_attempts;
    QSpinBox* m_timeout;
    QSpinBox* m_defaultTtl;
    QComboBox* m_requestFormat;
    QTableWidget* m_headers;
    QList<QLineEdit*> m_pointers;   ///< in the order of ResponseMapping::pointers()
    QList<QLabel*> m_pointerFinds;  ///< what each pointer found in m_lastResponse
    QPlainTextEdit* m_responseView; ///< the last response, its tokens masked
    QTabWidget* m_tabs;
    QHash<ProviderProfile::Field, QLabel*> m_errors;
    QLabel* m_fetchResult;
    /** The last successful response fetched, parsed once (an object, empty if it was none); never shown
     *  unmasked. */
    std::optional<QJsonObject> m_lastResponse;
};

} // namespace tokencache
