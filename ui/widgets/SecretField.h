#pragma once

#include "core/common/Result.h"
#include "core/config/SecretRef.h"

#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLineEdit;

namespace tokencache {

/**
 * Where a secret comes from and its value: the system keychain (the secret typed masked, stored
 * under a name the dialog derives from what it edits; the default when a keychain answers), an
 * environment variable, a file (with a picker), or the secret itself stored in the owner-only config
 * file (masked, with a reveal toggle). One widget for the client secret and the Redis password, so
 * both offer the same routes.
 */
class SecretField final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretField)

public:
    /** @p what names the secret in the file picker's title, e.g. "the client secret";
     *  @p exampleVariable is the variable name the placeholder suggests. */
    SecretField(const QString& what, const QString& exampleVariable, QWidget* parent = nullptr);

    /** Shows a reference (`env:NAME`, ...); one the kinds here cannot show is kept as text. */
    void setReference(const QString& reference);
    /** The reference as entered; empty when nothing was typed. A secret typed for the keychain
     *  gives `keychain:` and the name set here; an unchanged keychain reference stays as it was. */
    QString reference() const;

    /** The kind offered while nothing is set, in place of the keychain (a PEM key usually lives in a file:
     *  a line edit cannot take one typed for the keychain). */
    void setPreferredKind(SecretRef::Kind kind);
    /** The keychain entry a typed secret is stored under (e.g. `profile.acme.client-secret`). */
    void setKeychainName(const QString& name);
    /** An entry name for @p owner: the characters a name may not hold become `-`. */
    static QString keychainNameFor(const QString& owner);
    /** Writes a secret typed for the keychain to it (nothing to do otherwise), then @p done. */
    void storeInKeychain(QObject* context, std::function<void(const Result<Done>&)> done);

signals:
    /** Whether a keychain answered when the field was created (the probe is asynchronous). */
    void keychainProbed(bool available);

private:
    void followKind();
    /** The kind shown while nothing is set. */
    SecretRef::Kind unsetKind() const;

    QString m_what;
    QString m_exampleVariable;
    QComboBox* m_kind;
    QLineEdit* m_value;
    QAction* m_pickFile;
    QAction* m_reveal;
    QString m_keychainName;
    QString m_keychainReference; ///< the keychain reference set, kept while nothing new is typed
    bool m_chosen = false;       ///< a reference was set or the user chose a kind: the probe changes nothing
    SecretRef::Kind m_preferred = SecretRef::Kind::Keychain; ///< offered while nothing is set
};

} // namespace tokencache
