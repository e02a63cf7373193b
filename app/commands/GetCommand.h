#pragma once

#include "app/Command.h"
#include "app/ExitCode.h"

#include <functional>

namespace tokencache {

struct CacheEntry;

/**
 * `get PROFILE`: the cached token, fetched and stored first on a miss; `header PROFILE`: the same
 * token as an Authorization header line.
 */
class GetCommand final : public Command
{
public:
    enum class Print
    {
        Token,
        Header
    };
    explicit GetCommand(Print print = Print::Token) : m_print(print) {}

    QString name() const override
    {
        return m_print == Print::Header ? QStringLiteral("header") : QStringLiteral("get");
    }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;

    /** Get-or-fetch for the profile named @p profileName: warnings printed, errors fail @p context. */
    static void getOrFetch(CommandContext& context, const QString& profileName,
                           const std::function<void(const CacheEntry&)>& use);
    /** Finishes with @p code once the cache's refresh-ahead, if one runs, has landed. */
    static void finishWhenIdle(CommandContext& context, ExitCode code);

private:
    Print m_print;
};

} // namespace tokencache
