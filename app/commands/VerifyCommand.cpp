#include "app/commands/VerifyCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "core/cache/TokenCache.h"
#include "core/common/Escape.h"
#include "core/jwt/TokenVerifier.h"
#include "core/oauth/ClientAuthentication.h"
#include "core/oauth/ProviderMetadata.h"

#include <QJsonArray>

namespace tokencache {

namespace {

void printReport(CommandContext& context, const QString& key, const QString& issuer,
                 const TokenVerifier::Report& report)
{
    if (context.json()) {
        QJsonArray checks;
        for (const TokenVerifier::Check& check : report.checks)
            checks.append(QJsonObject{{QStringLiteral("name"), check.name},
                                      {QStringLiteral("result"), TokenVerifier::outcomeName(check.outcome)},
                                      {QStringLiteral("detail"), check.detail}});
        context.printJson({{QStringLiteral("key"), key},
                           {QStringLiteral("issuer"), issuer},
                           {QStringLiteral("verdict"), TokenVerifier::verdictName(report.verdict)},
                           {QStringLiteral("checks"), checks}});
        return;
    }
    // Claims come from the token: shown escaped, as everything a server sent.
    for (const TokenVerifier::Check& check : report.checks)
        context.out() << check.name.leftJustified(10)
                      << TokenVerifier::outcomeName(check.outcome).leftJustified(13)
                      << Escape::text(check.detail) << '\n';
    context.out() << Escape::text(key) << ": " << TokenVerifier::verdictName(report.verdict) << '\n';
}

} // namespace

QString VerifyCommand::synopsis() const
{
    return QStringLiteral(
        "verify KEY [--profile NAME]   is the cached token signed by the profile's issuer and\n"
        "                              within its times? exit 7 when it is not shown valid");
}

void VerifyCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(name(), synopsis());
    parser.addOption({QStringLiteral("profile"),
                      QStringLiteral("the profile whose issuer signs it (default: the owner)"),
                      QStringLiteral("NAME")});
    if (!parser.accept(context, arguments, 1) || !context.auditable())
        return;
    const QString key = Escape::canonical(parser.positionalArguments().first());
    const auto owner = context.keyOwner(key, parser.value(QStringLiteral("profile")));
    if (!owner)
        return context.fail(owner.error());
    if (owner->issuer.isEmpty())
        return context.fail(
            Error::config(QStringLiteral("profile %1 names no issuer, so its keys are unknown: "
                                         "tokencache profiles edit %1 --issuer URL")
                              .arg(owner->name)));
    auto authorities = ClientAuthentication::extraAuthorities(*owner);
    if (!authorities)
        return context.fail(authorities.error());
    const ProviderProfile profile = *owner;
    context.readToken(
        key, profile, QStringLiteral("verify"),
        [&context, key, profile, authorities = *authorities](const TokenResponse& read) {
            const QByteArray token = read.accessToken.toUtf8();
            const QString fingerprint = read.fingerprint();
            // The command's own: it lives as long as the command, never ended from inside its own reply.
            auto* client = new ProviderMetadataClient(ProviderMetadataClient::defaultCacheDirectory(),
                                                      Clock::system(), &context);
            client->setExtraCaCertificates(authorities);
            client->verify(
                token, {profile.issuer, profile.audience}, &context,
                [&context, key, profile, fingerprint](const Result<TokenVerifier::Report>& report) {
                    if (!report)
                        return context.fail(report.error());
                    const bool valid = report->verdict == TokenVerifier::Verdict::Valid;
                    context.record({QStringLiteral("verify"),
                                    key,
                                    profile.name,
                                    fingerprint,
                                    valid ? QString()
                                          : TokenVerifier::verdictName(report->verdict) +
                                                QStringLiteral(": ") + report->firstFailure(),
                                    {}});
                    printReport(context, key, profile.issuer, *report);
                    context.finish(valid ? ExitCode::Ok : ExitCode::NotValid);
                });
        });
}

} // namespace tokencache
