#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace tokencache {

/**
 * Asks the user to confirm a destructive action. The window takes one (a dialog by default);
 * tests give it a scripted one, so no modal loop runs and no global hook is needed.
 */
class Confirmation
{
public:
    virtual ~Confirmation() = default;
    /**
     * @p items: what the action hits, listed where the user can scroll through them. @p typeToConfirm:
     * when set, the action runs only once the user has typed it (production: the key, or the count).
     */
    virtual bool confirm(QWidget* parent, const QString& title, const QString& text,
                         const QString& acceptText, const QStringList& items = {},
                         const QString& typeToConfirm = {}) = 0;
};

/** A warning box whose default button is Cancel. */
class DialogConfirmation final : public Confirmation
{
public:
    bool confirm(QWidget* parent, const QString& title, const QString& text, const QString& acceptText,
                 const QStringList& items = {}, const QString& typeToConfirm = {}) override;
};

} // namespace tokencache
