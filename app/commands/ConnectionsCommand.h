#pragma once

#include "app/Command.h"
#include "core/common/Result.h"

#include <functional>

namespace tokencache {

struct AppConfig;

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
    /** `connections ACTION NAME`: @p change on the named connection under the config lock, recorded, said. */
    static void changeNamed(const QString& action, const QStringList& arguments, CommandContext& context,
                            const std::function<Result<Done>(AppConfig&, const QString&)>& change);
};

} // namespace tokencache
