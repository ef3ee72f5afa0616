#include "MainWindow.h"

#include "AppIcon.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace switchyard::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Switchyard"));
    setWindowIcon(appIcon());

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(14);

    auto *title = new QLabel(tr("Switchyard"), central);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *subtitle = new QLabel(tr("One local URL for every AI tool."), central);
    subtitle->setStyleSheet(QStringLiteral("color: palette(mid);"));
    layout->addWidget(title);
    layout->addWidget(subtitle);

    auto *card = new QFrame(central);
    card->setFrameShape(QFrame::StyledPanel);
    auto *grid = new QGridLayout(card);
    grid->setContentsMargins(16, 14, 16, 14);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(10);

    auto *statusRow = new QHBoxLayout;
    m_statusLamp = new QLabel(card);
    m_statusLamp->setFixedSize(12, 12);
    m_statusText = new QLabel(card);
    statusRow->addWidget(m_statusLamp);
    statusRow->addWidget(m_statusText, 1);
    grid->addWidget(new QLabel(tr("Gateway"), card), 0, 0);
    grid->addLayout(statusRow, 0, 1, 1, 2);

    grid->addWidget(new QLabel(tr("Base URL"), card), 1, 0);
    m_urlLabel = new QLabel(card);
    m_urlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_urlLabel->setFont(mono);
    grid->addWidget(m_urlLabel, 1, 1);
    m_copyButton = new QPushButton(tr("Copy"), card);
    m_copyButton->setToolTip(tr("Copy the OpenAI-compatible base URL"));
    connect(m_copyButton, &QPushButton::clicked, this, &MainWindow::copyBaseUrl);
    grid->addWidget(m_copyButton, 1, 2);

    grid->addWidget(new QLabel(tr("Config"), card), 2, 0);
    m_configLabel = new QLabel(card);
    m_configLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_configLabel->setWordWrap(true);
    grid->addWidget(m_configLabel, 2, 1, 1, 2);
    grid->setColumnStretch(1, 1);
    layout->addWidget(card);

    auto *hint = new QLabel(
        tr("Point Continue, Cline, Zed, Aider or any OpenAI SDK at the base URL above. "
           "Claude Code uses the same address without /v1."),
        central);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    layout->addStretch(1);

    auto *buttons = new QHBoxLayout;
    auto *openFolder = new QPushButton(tr("Open Config Folder"), central);
    connect(openFolder, &QPushButton::clicked, this, [this] {
        if (!m_configPath.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_configPath).absolutePath()));
    });
    auto *quit = new QPushButton(tr("Quit Switchyard"), central);
    connect(quit, &QPushButton::clicked, this, &MainWindow::quitRequested);
    buttons->addWidget(openFolder);
    buttons->addStretch(1);
    buttons->addWidget(quit);
    layout->addLayout(buttons);

    setCentralWidget(central);
    resize(560, 340);
    setGatewayState(GatewayState::Starting);
}

void MainWindow::setGatewayState(GatewayState state, const QString &detail)
{
    QColor lamp;
    switch (state) {
    case GatewayState::Starting:
        lamp = QColor(0xe0, 0xa1, 0x1b);
        m_statusText->setText(tr("Starting…"));
        break;
    case GatewayState::Running:
        lamp = QColor(0x2e, 0xb8, 0x72);
        m_statusText->setText(tr("Running"));
        m_baseUrl = detail;
        break;
    case GatewayState::Stopped:
        lamp = QColor(0x8a, 0x93, 0xa3);
        m_statusText->setText(tr("Stopped"));
        break;
    case GatewayState::Failed:
        lamp = QColor(0xd6, 0x45, 0x45);
        m_statusText->setText(tr("Not running: %1").arg(detail));
        m_statusText->setWordWrap(true);
        break;
    }
    m_statusLamp->setStyleSheet(
        QStringLiteral("background: %1; border-radius: 6px;").arg(lamp.name()));
    m_urlLabel->setText(m_baseUrl.isEmpty() ? tr("—") : m_baseUrl);
    m_copyButton->setEnabled(state == GatewayState::Running);
}

void MainWindow::setConfigPath(const QString &path)
{
    m_configPath = path;
    m_configLabel->setText(path);
}

void MainWindow::copyBaseUrl()
{
    QApplication::clipboard()->setText(m_baseUrl);
    m_copyButton->setText(tr("Copied"));
    QTimer::singleShot(1500, m_copyButton,
                       [button = m_copyButton] { button->setText(tr("Copy")); });
}

} // namespace switchyard::ui
