#pragma once

#include "core/common/Result.h"
#include "core/config/ProviderProfile.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QNetworkRequest>

namespace tokencache {

/** One client credentials grant request, with the client secret and the extra headers resolved. */
struct TokenRequest
{
    struct Header
    {
        QByteArray name;
        QString value;
        bool secret = true; ///< masked in messages like the client secret
    };

    ProviderProfile profile;
    QString clientSecret;
    QList<Header> headers;
    /** No attempt runs past this (a fetch under the lock must end before the lock does). */
    QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever);

    /**
     * Resolves the profile's secret references (client secret, header values); fails with a Config
     * error naming the reference, never the value, or naming an insecure token URL (see
     * ProviderProfile::insecureUrlProblem).
     */
    static Result<TokenRequest> fromProfile(const ProviderProfile& profile);
    /** The profile's secret references (client secret, header values), for SecretPrefetch before
     *  fromProfile(). */
    static QStringList secretReferences(const ProviderProfile& profile);
    /** @p text with every form the client secret and secret header values travel in replaced by `***`,
     *  for messages. */
    QString withoutSecrets(QString text) const;

    QNetworkRequest networkRequest() const;
    /** The body: application/x-www-form-urlencoded, or a JSON object (ProviderProfile::requestFormat). */
    QByteArray body() const;
    /** The grant's fields, in the order they are sent, whatever the encoding. */
    QList<QPair<QString, QString>> fields() const;
};

} // namespace tokencache
