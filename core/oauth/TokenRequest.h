#pragma once

#include "common/Result.h"
#include "config/ProviderProfile.h"

#include <QByteArray>
#include <QNetworkRequest>

/** One client credentials grant request, with the client secret resolved. */
struct TokenRequest
{
    ProviderProfile profile;
    QString clientSecret;

    /** Resolves the profile's secret reference; fails with a Config error naming it. */
    static Result<TokenRequest> fromProfile(const ProviderProfile& profile);

    QNetworkRequest networkRequest() const;
    /** The application/x-www-form-urlencoded body. */
    QByteArray body() const;
};
