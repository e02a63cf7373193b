#pragma once

#include "app/Command.h"

namespace tokencache {

/**
 * `watch [--pattern GLOB] [--interval SECONDS]`: one line per change to the cache's keys (time,
 * event, key, profile, TTL, fingerprint; never the token) until interrupted.
 */
class WatchCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("watch"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
