#pragma once

#include "app/Command.h"

namespace tokencache {

/** `evict PROFILE | --key KEY`: delete a cached entry so every service fetches anew. */
class EvictCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("evict"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
