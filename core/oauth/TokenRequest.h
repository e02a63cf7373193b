#pragma once

#include "core/common/Result.h"
#include "core/config/ProviderProfile.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QNetworkRequest>

namespace tokencache {

/** One client credentials grant request, with the client secret resolved. */
struct TokenRequest
{
    ProviderProfile profile;
    QString clientSecret;
    /** No attempt runs past this (a fetch under the lock must end before the lock does). */
    QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever);

    /**
     * Resolves the profile's secret reference; fails with a Config error naming it, or naming an
     * insecure token URL (see ProviderProfile::insecureUrlProblem).
     */
    static Result<TokenRequest> fromProfile(const ProviderProfile& profile);
    /** @p text with every form the client secret travels in replaced by `***`, for messages. */
    QString withoutSecrets(QString text) const;

    QNetworkRequest networkRequest() const;
    /** The application/x-www-form-urlencoded body. */
    QByteArray body() const;
};

} // namespace tokencache
