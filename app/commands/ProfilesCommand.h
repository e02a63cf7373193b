#pragma once

#include "app/Command.h"

namespace tokencache {

/** `profiles list | add NAME ... | remove NAME`: the provider profiles in the configuration. */
class ProfilesCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("profiles"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;

private:
    static void list(CommandContext& context);
    static void add(const QStringList& arguments, CommandContext& context);
    static void remove(const QStringList& arguments, CommandContext& context);
};

} // namespace tokencache
