#include "core/jwt/TokenVerifier.h"

#include "core/common/Humanize.h"
#include "core/jwt/JsonWebKey.h"
#include "core/jwt/Jwt.h"

#include <QJsonArray>

namespace tokencache {

namespace {

using Check = TokenVerifier::Check;
using Outcome = TokenVerifier::Check::Outcome;

const QStringList& supportedAlgorithms()
{
    static const QStringList algorithms{
        QStringLiteral("RS256"), QStringLiteral("RS384"), QStringLiteral("RS512"),
        QStringLiteral("PS256"), QStringLiteral("PS384"), QStringLiteral("PS512"),
        QStringLiteral("ES256"), QStringLiteral("ES384"), QStringLiteral("EdDSA")};
    return algorithms;
}

/** The signature check: the keys of @p jwks that may have signed it, tried in turn. */
Check signatureCheck(const QByteArray& token, const QJsonObject& jwks, TokenVerifier::Report& report)
{
    const qsizetype lastDot = token.lastIndexOf('.');
    const QByteArray signingInput = token.left(lastDot);
    const auto signature = QByteArray::fromBase64Encoding(
        token.mid(lastDot + 1), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!signature || signature.decoded.isEmpty())
        return {QStringLiteral("signature"), Outcome::Failed,
                QStringLiteral("the signature is not base64url")};
    QStringList unfit;
    bool sawKeyId = false;
    for (const QJsonValue& entry : jwks.value(QStringLiteral("keys")).toArray()) {
        const QJsonObject jwk = entry.toObject();
        if (!report.keyId.isEmpty() && jwk.value(QStringLiteral("kid")).toString() != report.keyId)
            continue;
        sawKeyId = true;
        const auto key = JsonWebKey::fromJson(jwk);
        if (!key) {
            unfit.append(key.error().message);
            continue;
        }
        if (const QString why = key->unfitFor(report.algorithm); !why.isEmpty()) {
            unfit.append(why);
            continue;
        }
        if (key->verifies(report.algorithm, signingInput, signature.decoded))
            return {QStringLiteral("signature"), Outcome::Passed,
                    QStringLiteral("%1 by key %2").arg(report.algorithm, key->keyId())};
        unfit.append(QStringLiteral("key %1 did not sign it").arg(key->keyId()));
    }
    if (!sawKeyId) {
        report.unknownKey = true;
        return {QStringLiteral("signature"), Outcome::Failed,
                QStringLiteral("the issuer's key set has no key %1").arg(report.keyId)};
    }
    return {QStringLiteral("signature"), Outcome::Failed,
            QStringLiteral("%1 signature not made by the issuer's keys: %2")
                .arg(report.algorithm, unfit.join(QStringLiteral("; ")))};
}

Check issuerCheck(const Jwt& jwt, const QString& expected)
{
    const QString issuer = jwt.claims.value(QStringLiteral("iss")).toString();
    if (expected.isEmpty())
        return {QStringLiteral("iss"), Outcome::Skipped,
                QStringLiteral("%1 (no issuer to compare with)").arg(issuer)};
    if (issuer == expected)
        return {QStringLiteral("iss"), Outcome::Passed, issuer};
    return {
        QStringLiteral("iss"), Outcome::Failed,
        QStringLiteral("%1, expected %2").arg(issuer.isEmpty() ? QStringLiteral("none") : issuer, expected)};
}

Check audienceCheck(const Jwt& jwt, const QString& expected)
{
    const QJsonValue aud = jwt.claims.value(QStringLiteral("aud"));
    QStringList audiences;
    if (aud.isString())
        audiences.append(aud.toString());
    for (const QJsonValue& each : aud.toArray())
        audiences.append(each.toString());
    const QString shown = audiences.isEmpty() ? QStringLiteral("none") : audiences.join(QStringLiteral(", "));
    if (expected.isEmpty())
        return {QStringLiteral("aud"), Outcome::Skipped,
                QStringLiteral("%1 (the profile names no audience)").arg(shown)};
    if (audiences.contains(expected))
        return {QStringLiteral("aud"), Outcome::Passed, shown};
    return {QStringLiteral("aud"), Outcome::Failed, QStringLiteral("%1, expected %2").arg(shown, expected)};
}

/** exp, nbf or iat against @p now with the leeway; @p required: its absence fails. */
Check timeCheck(const Jwt& jwt, const QString& claim, const QDateTime& now, qint64 leeway, bool required)
{
    if (!jwt.claims.contains(claim))
        return {claim, required ? Outcome::Failed : Outcome::Skipped, QStringLiteral("none")};
    const std::optional<QDateTime> at = jwt.time(claim);
    if (!at)
        return {claim, Outcome::Failed, QStringLiteral("not a NumericDate")};
    const qint64 secondsFromNow = now.secsTo(*at);
    const QString when = at->toString(Qt::ISODate);
    if (claim == QLatin1String("exp")) {
        if (secondsFromNow + leeway < 0)
            return {
                claim, Outcome::Failed,
                QStringLiteral("%1: expired %2 ago").arg(when, Humanize::duration(-secondsFromNow * 1000))};
        return {claim, Outcome::Passed,
                QStringLiteral("%1 (in %2)").arg(when, Humanize::timeLeft(secondsFromNow * 1000))};
    }
    // nbf and iat: not in the future beyond the leeway.
    if (secondsFromNow - leeway > 0)
        return {claim, Outcome::Failed,
                QStringLiteral("%1: %2 in the future").arg(when, Humanize::duration(secondsFromNow * 1000))};
    return {claim, Outcome::Passed, when};
}

TokenVerifier::Report unverifiable(TokenVerifier::Report report, const QString& why)
{
    report.verdict = TokenVerifier::Verdict::Unverifiable;
    report.checks.prepend({QStringLiteral("signature"), Outcome::Failed, why});
    return report;
}

} // namespace

QString TokenVerifier::outcomeName(Check::Outcome outcome)
{
    switch (outcome) {
    case TokenVerifier::Check::Outcome::Passed:
        return QStringLiteral("ok");
    case TokenVerifier::Check::Outcome::Failed:
        return QStringLiteral("FAILED");
    case TokenVerifier::Check::Outcome::Skipped:
        return QStringLiteral("not checked");
    }
    return {};
}

QString TokenVerifier::verdictName(Verdict verdict)
{
    switch (verdict) {
    case TokenVerifier::Verdict::Valid:
        return QStringLiteral("valid");
    case TokenVerifier::Verdict::Invalid:
        return QStringLiteral("invalid");
    case TokenVerifier::Verdict::Unverifiable:
        return QStringLiteral("unverifiable");
    }
    return {};
}

QString TokenVerifier::Report::firstFailure() const
{
    for (const Check& check : checks) {
        if (check.outcome == Check::Outcome::Failed)
            return check.name + QStringLiteral(": ") + check.detail;
    }
    return {};
}

TokenVerifier::Report TokenVerifier::verify(const QByteArray& token, const QJsonObject& jwks,
                                            const Expectations& expected, const QDateTime& now)
{
    Report report;
    const std::optional<Jwt> jwt = Jwt::decode(token);
    if (!jwt)
        return unverifiable(report,
                            QStringLiteral("an opaque token (not a JWT): only the provider can say whether "
                                           "it is valid"));
    report.algorithm = jwt->header.value(QStringLiteral("alg")).toString();
    report.keyId = jwt->header.value(QStringLiteral("kid")).toString();
    if (report.algorithm.isEmpty() ||
        report.algorithm.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return unverifiable(report, QStringLiteral("alg none: the token is not signed"));
    if (report.algorithm.startsWith(QLatin1String("HS")))
        return unverifiable(report,
                            QStringLiteral("%1: signed with a shared secret that only the issuer and its "
                                           "resource servers hold")
                                .arg(report.algorithm));
    if (!supportedAlgorithms().contains(report.algorithm))
        return unverifiable(report,
                            QStringLiteral("algorithm %1 is not one tokencache checks (%2)")
                                .arg(report.algorithm, supportedAlgorithms().join(QStringLiteral(", "))));
    report.checks = {signatureCheck(token, jwks, report),
                     issuerCheck(*jwt, expected.issuer),
                     audienceCheck(*jwt, expected.audience),
                     timeCheck(*jwt, QStringLiteral("exp"), now, expected.leewaySeconds, true),
                     timeCheck(*jwt, QStringLiteral("nbf"), now, expected.leewaySeconds, false),
                     timeCheck(*jwt, QStringLiteral("iat"), now, expected.leewaySeconds, false)};
    const bool failed = std::any_of(report.checks.cbegin(), report.checks.cend(),
                                    [](const Check& check) { return check.outcome == Outcome::Failed; });
    report.verdict = failed ? Verdict::Invalid : Verdict::Valid;
    return report;
}

} // namespace tokencache
