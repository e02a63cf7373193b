#include "ui/model/RowArranger.h"

#include <algorithm>

namespace tokencache {

RowArranger::RowArranger(QObject* parent) : QObject(parent), m_thread(QStringLiteral("tokencache arrange")) {}

RowArranger::~RowArranger()
{
    cancel(); // nothing queued starts; ~WorkerThread waits for one already running
}

RowArranger::Arrangement RowArranger::compute(const Request& request)
{
    Arrangement arrangement{request.column, request.order, request.filter, request.base, {}};
    const RowOrder order(request.rows, request.column, request.order, request.now);
    if (request.sort)
        order.sort(arrangement.sorted);
    if (request.filter.isEmpty()) {
        arrangement.shown = arrangement.sorted;
        return arrangement;
    }
    // Tested in storage order, which reads memory front to back, then kept in order.
    std::vector<bool> passes(size_t(request.rows.size()));
    for (qsizetype row = 0; row < request.rows.size(); ++row) {
        const TokenRow& tested = request.rows.at(row);
        passes[size_t(row)] = request.filter.matches(
            tested.foldedKey, tested.foldedProfile, tested.foldedType, tested.foldedScope,
            CacheEntry::statusName(tested.liveStatus(request.now)), tested.problems);
    }
    std::copy_if(arrangement.sorted.cbegin(), arrangement.sorted.cend(),
                 std::back_inserter(arrangement.shown), [&passes](int row) { return passes[size_t(row)]; });
    return arrangement;
}

void RowArranger::arrangeInBackground(Request request)
{
    const quint64 id = m_latest.fetchAndAddRelaxed(1) + 1;
    m_thread.post([this, id, request = std::move(request)]() mutable {
        if (m_latest.loadRelaxed() != id)
            return; // superseded before it started
        Arrangement arrangement = compute(request);
        request = {}; // the snapshot is let go first: once answered, the model changes its rows again
        m_answers.post([this, id, arrangement = std::move(arrangement)] {
            if (m_latest.loadRelaxed() == id)
                emit arranged(arrangement);
        });
    });
}

} // namespace tokencache
