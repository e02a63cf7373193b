#pragma once

#include "core/common/Result.h"

#include <QTest>

#include <optional>

namespace tokencache {

/** Runs an asynchronous call and waits (serving events) for its Result, at most 15 s. */
template <typename T, typename Call> Result<T> await(Call call)
{
    std::optional<Result<T>> result;
    call([&result](const Result<T>& value) { result = value; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 15000))
        return Error::redis(QStringLiteral("test: no answer within 15 s"));
    return *result;
}

} // namespace tokencache
