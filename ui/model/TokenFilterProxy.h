#pragma once

#include "cache/EntryFilter.h"

#include <QSortFilterProxyModel>

/** Sorting on the model's typed row values and filtering by the core's EntryFilter rules. */
class TokenFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenFilterProxy)

public:
    explicit TokenFilterProxy(QObject* parent = nullptr);
    void setFilterText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    EntryFilter m_filter;
};
