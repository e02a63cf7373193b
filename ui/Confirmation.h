#pragma once

#include <QString>

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
    virtual bool confirm(QWidget* parent, const QString& title, const QString& text,
                         const QString& acceptText) = 0;
};

/** A warning box whose default button is Cancel. */
class DialogConfirmation final : public Confirmation
{
public:
    bool confirm(QWidget* parent, const QString& title, const QString& text,
                 const QString& acceptText) override;
};

} // namespace tokencache
