<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>switchyard</name>
    <message>
        <location filename="../app/GuiMain.cpp" line="42"/>
        <source>Switchyard: configuration error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/GuiMain.cpp" line="45"/>
        <source>Switchyard: not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/GuiMain.cpp" line="51"/>
        <source>Switchyard: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>switchyard::ui::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="22"/>
        <location filename="../ui/MainWindow.cpp" line="30"/>
        <source>Switchyard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="35"/>
        <source>One local URL for every AI tool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="53"/>
        <source>Gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="56"/>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="63"/>
        <location filename="../ui/MainWindow.cpp" line="142"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="64"/>
        <source>Copy the OpenAI-compatible base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="68"/>
        <source>Config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="77"/>
        <source>Point Continue, Cline, Zed, Aider or any OpenAI SDK at the base URL above. Claude Code uses the same address without /v1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="85"/>
        <source>Open Config Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="90"/>
        <source>Quit Switchyard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="108"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="112"/>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="117"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="121"/>
        <source>Not running: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="127"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="140"/>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>switchyard::ui::TrayController</name>
    <message>
        <location filename="../ui/TrayController.cpp" line="18"/>
        <source>Open Switchyard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/TrayController.cpp" line="19"/>
        <source>Copy Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/TrayController.cpp" line="25"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/TrayController.cpp" line="27"/>
        <source>Switchyard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
