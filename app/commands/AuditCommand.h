#pragma once

#include "app/Command.h"

namespace tokencache {

/**
 * `audit [--pattern GLOB] [--for SECONDS]`: one pass over the cache printing each problem (keys
 * without TTL, TTLs that outlive the token, short lifetimes, unreadable values, stale locks, and
 * with --for rewrite storms); exit 8 when there are any. `--output prometheus` prints metrics.
 */
class AuditCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("audit"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
