// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXASYNCFUNCTION_H
#define QBIMUXASYNCFUNCTION_H

#include <QtCore/qfuture.h>

#include <cstddef>
#include <functional>
#include <type_traits>

// Not API: what the public headers' templates share.
namespace QBiMuxDetail {

// A function of `const Arg &` that answers with a QFuture<Result>, made from what a user
// passes to a setter that takes one (QBiMuxServer::setAuthenticator(),
// QBiMuxClient::setRequestFactory()): nullptr (none), the std::function itself, or a
// functor that takes `const Arg &` and returns QFuture<Result> (an answer later) or a
// Result (an answer now, in a ready future).
template<typename Result, typename Arg, typename Functor>
std::function<QFuture<Result>(const Arg &)> makeAsyncFunction(Functor &&functor)
{
    using Function = std::function<QFuture<Result>(const Arg &)>;
    using F = std::decay_t<Functor>;
    if constexpr (std::is_same_v<F, std::nullptr_t>) {
        return Function();
    } else if constexpr (std::is_same_v<F, Function>) {
        return std::forward<Functor>(functor);
    } else {
        static_assert(std::is_invocable_v<F &, const Arg &>,
                      "the function takes the const reference the setter documents");
        using Returned = std::invoke_result_t<F &, const Arg &>;
        if constexpr (std::is_same_v<Returned, QFuture<Result>>) {
            return Function(std::forward<Functor>(functor));
        } else {
            static_assert(std::is_convertible_v<Returned, Result>,
                          "the function returns the result the setter documents, or a QFuture "
                          "of it");
            return [f = F(std::forward<Functor>(functor))](const Arg &arg) mutable {
                return QtFuture::makeReadyFuture(Result(f(arg)));
            };
        }
    }
}

} // namespace QBiMuxDetail

#endif // QBIMUXASYNCFUNCTION_H
