#pragma once

#include "app/Command.h"

namespace tokencache {

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

private:
    Print m_print;
};

} // namespace tokencache
