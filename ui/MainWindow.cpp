#include "MainWindow.h"

#include <QLabel>

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("tokencache"));
    auto* label = new QLabel(tr("The token table arrives with the GUI issue.\n"
                                "Meanwhile: tokencache --headless --help"),
                             this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(900, 560);
}
