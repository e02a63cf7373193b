#pragma once

#include "app/Command.h"

namespace tokencache {

/** `secrets set NAME | remove NAME | list`: the entries tokencache keeps in the system keychain. */
class SecretsCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("secrets"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;

private:
    static void set(const QStringList& arguments, CommandContext& context);
    static void remove(const QStringList& arguments, CommandContext& context);
    static void list(const QStringList& arguments, CommandContext& context);
};

} // namespace tokencache
