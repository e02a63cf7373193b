#pragma once

#include "app/Command.h"

#include <optional>

namespace tokencache {

class ArgumentParser;
struct ProviderMetadata;

/** `profiles list | show NAME | add NAME ... | edit NAME ... | remove NAME`: the configured profiles. */
class ProfilesCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("profiles"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;

private:
    static void list(CommandContext& context, bool namesOnly);
    static void show(const QStringList& arguments, CommandContext& context);
    static void addOrEdit(const QString& action, const QStringList& arguments, CommandContext& context);
    /** Applies the options to the file's copy and saves it; @p metadata: the issuer's, when read. */
    static void save(bool edit, const ArgumentParser& parser, CommandContext& context,
                     const std::optional<ProviderMetadata>& metadata);
    static void remove(const QStringList& arguments, CommandContext& context);
};

} // namespace tokencache
