#pragma once

#include <QWidget>

class QAction;
class QComboBox;
class QLineEdit;

namespace tokencache {

/**
 * Where a secret comes from and its value: an environment variable, a file (with a picker), or the
 * secret itself stored in the owner-only config file (masked, with a reveal toggle). One widget for
 * the client secret and the Redis password, so both offer the same routes.
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
    /** The reference as entered; empty when nothing was typed. */
    QString reference() const;

private:
    void followKind();

    QString m_what;
    QString m_exampleVariable;
    QComboBox* m_kind;
    QLineEdit* m_value;
    QAction* m_pickFile;
    QAction* m_reveal;
};

} // namespace tokencache
