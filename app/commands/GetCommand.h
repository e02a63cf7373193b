#pragma once

#include "Command.h"

/** `get PROFILE`: the cached token, fetched and stored first on a miss. */
class GetCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("get"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};
