#pragma once

#include <QObject>
#include <QPointer>

#include <utility>

namespace tokencache {

/**
 * @p handler, run only while @p context lives: the one way a reply reaches a caller that may be
 * gone by then (a closed window, a finished command, a scan whose view went away).
 */
template <typename Handler> auto guarded(QObject* context, Handler handler)
{
    return [context = QPointer<QObject>(context), handler = std::move(handler)](auto&&... arguments) mutable {
        if (context)
            handler(std::forward<decltype(arguments)>(arguments)...);
    };
}

} // namespace tokencache
