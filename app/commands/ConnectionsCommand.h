#pragma once

#include "app/Command.h"

namespace tokencache {

/** `connections list | add NAME ... | remove NAME | default NAME`: the configured environments. */
class ConnectionsCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("connections"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;

private:
    static void list(CommandContext& context);
    static void add(const QStringList& arguments, CommandContext& context);
    static void remove(const QStringList& arguments, CommandContext& context);
    static void makeDefault(const QStringList& arguments, CommandContext& context);
};

} // namespace tokencache
