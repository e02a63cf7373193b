#pragma once

#include <QMainWindow>

/** The desktop window. A placeholder until the GUI issue fills it with the token table. */
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget* parent = nullptr);
};
