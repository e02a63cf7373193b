#pragma once

#include "app/Command.h"

namespace tokencache {

/**
 * `curl PROFILE [CURL ARGS...]`: runs curl with the profile's token as its Authorization header.
 * The header reaches curl as a config on a file descriptor, never on its command line, where any
 * user of the machine could read it (ps, /proc/PID/cmdline).
 */
class CurlCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("curl"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
