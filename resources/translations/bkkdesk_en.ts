<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
    <context>
        <name>ChoiceEditor</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="447" />
            <source>— choose —</source>
            <translation>— choose —</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="459" />
            <source>Other</source>
            <translation>Other</translation>
        </message>
    </context>
    <context>
        <name>ConflictsDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="87" />
            <source>Conflicts to resolve</source>
            <translation>Conflicts to resolve</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="93" />
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="97" />
            <source>Field</source>
            <translation>Field</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="97" />
            <source>On this PC</source>
            <translation>On this PC</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="97" />
            <source>On the server</source>
            <translation>On the server</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="97" />
            <source>Merged</source>
            <translation>Merged</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="100" />
            <source>Keep this PC's values</source>
            <translation>Keep this PC's values</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="101" />
            <source>Keep the server's values</source>
            <translation>Keep the server's values</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="102" />
            <source>Keep the merged values</source>
            <translation>Keep the merged values</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="123" />
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="136" />
            <source>Could not read the conflicts: %1</source>
            <translation>Could not read the conflicts: %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="142" />
            <source>No conflicts: every change merged cleanly.</source>
            <translation>No conflicts: every change merged cleanly.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/conflicts.py" line="145" />
            <source>%n conflict(s) to resolve</source>
            <translation>
                <numerusform>%n conflict to resolve</numerusform>
                <numerusform>%n conflicts to resolve</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>DateLineEdit</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="282" />
            <source>d/m/yyyy B.E.</source>
            <translation>d/m/yyyy B.E.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="287" />
            <source>Pick a date from the calendar</source>
            <translation>Pick a date from the calendar</translation>
        </message>
    </context>
    <context>
        <name>DateTimeEditor</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="397" />
            <source>o'clock</source>
            <translation>o'clock</translation>
        </message>
    </context>
    <context>
        <name>DesktopApp</name>
        <message>
            <location filename="../../bkkdesk/ui/app.py" line="134" />
            <source>This PC has no district yet: IT staff run 'bkkdesk init' or enroll the PC.</source>
            <translation>This PC has no district yet: IT staff run 'bkkdesk init' or enroll the PC.</translation>
        </message>
    </context>
    <context>
        <name>DraftsDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="38" />
            <source>Unsaved drafts</source>
            <translation>Unsaved drafts</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="46" />
            <source>These records were being typed but were not saved. Restore one to finish it, or discard it.</source>
            <translation>These records were being typed but were not saved. Restore one to finish it, or discard it.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="53" />
            <source>Restore</source>
            <translation>Restore</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="54" />
            <source>Discard</source>
            <translation>Discard</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="55" />
            <source>Later</source>
            <translation>Later</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="80" />
            <source>edit</source>
            <translation>edit</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="80" />
            <source>new</source>
            <translation>new</translation>
        </message>
    </context>
    <context>
        <name>FieldRow</name>
        <message>
            <location filename="../../bkkdesk/ui/form.py" line="59" />
            <source>keep</source>
            <translation>keep</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/form.py" line="60" />
            <source>Keep this value for the next record (save and new)</source>
            <translation>Keep this value for the next record (save and new)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/form.py" line="72" />
            <source>Asked when %1</source>
            <translation>Asked when %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/form.py" line="75" />
            <source>Computed: %1</source>
            <translation>Computed: %1</translation>
        </message>
    </context>
    <context>
        <name>GeoPointEditor</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="667" />
            <source>Lat.</source>
            <translation>Lat.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="669" />
            <source>Long.</source>
            <translation>Long.</translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="50" />
            <source>Record history</source>
            <translation>Record history</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="52" />
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="56" />
            <source>When</source>
            <translation>When</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="57" />
            <source>User</source>
            <translation>User</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="58" />
            <source>Change</source>
            <translation>Change</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="59" />
            <source>Field</source>
            <translation>Field</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="60" />
            <source>Before</source>
            <translation>Before</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="61" />
            <source>After</source>
            <translation>After</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="72" />
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="84" />
            <source>created</source>
            <translation>created</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="85" />
            <source>edited</source>
            <translation>edited</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="86" />
            <source>deleted</source>
            <translation>deleted</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/history.py" line="126" />
            <source>%n change(s)</source>
            <translation>
                <numerusform>%n change</numerusform>
                <numerusform>%n changes</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>LoginWindow</name>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="38" />
            <source>bkkdesk — log in</source>
            <translation>bkkdesk — log in</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="39" />
            <source>District data entry</source>
            <translation>District data entry</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="45" />
            <source>Bangkok Metropolitan Administration</source>
            <translation>Bangkok Metropolitan Administration</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="46" />
            <source>Opening the database…</source>
            <translation>Opening the database…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="50" />
            <source>user name</source>
            <translation>user name</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="54" />
            <source>password</source>
            <translation>password</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="55" />
            <source>Log in</source>
            <translation>Log in</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="64" />
            <source>Works without a network: records are kept on this PC and sent to the central server when it can be reached.</source>
            <translation>Works without a network: records are kept on this PC and sent to the central server when it can be reached.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="75" />
            <source>User name</source>
            <translation>User name</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="76" />
            <source>Password</source>
            <translation>Password</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="124" />
            <source>Type your user name and password.</source>
            <translation>Type your user name and password.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="129" />
            <source>Checking…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="147" />
            <source>Could not log in: %1</source>
            <translation>Could not log in: %1</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="147" />
            <source>Search (name, place, number…)</source>
            <translation>Search (name, place, number…)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="157" />
            <source>from</source>
            <translation>from</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="158" />
            <source>to</source>
            <translation>to</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="159" />
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="160" />
            <source>Clear filters</source>
            <translation>Clear filters</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="183" />
            <source>Subdistrict</source>
            <translation>Subdistrict</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="186" />
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="283" />
            <source>New record</source>
            <translation>New record</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="284" />
            <source>Open</source>
            <translation>Open</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="285" />
            <source>History</source>
            <translation>History</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="287" />
            <source>Delete</source>
            <translation>Delete</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="290" />
            <source>Export to Excel…</source>
            <translation>Export to Excel…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="292" />
            <source>Import from Excel…</source>
            <translation>Import from Excel…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="294" />
            <source>Sync now</source>
            <translation>Sync now</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="295" />
            <source>Conflicts</source>
            <translation>Conflicts</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="298" />
            <source>Drafts…</source>
            <translation>Drafts…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="300" />
            <source>Settings…</source>
            <translation>Settings…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="302" />
            <source>Log out</source>
            <translation>Log out</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="303" />
            <source>Quit</source>
            <translation>Quit</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="304" />
            <source>Search</source>
            <translation>Search</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="307" />
            <source>Main</source>
            <translation>Main</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="324" />
            <source>&amp;File</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="333" />
            <source>&amp;Record</source>
            <translation>&amp;Record</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="337" />
            <source>&amp;Sync</source>
            <translation>&amp;Sync</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="425" />
            <source>All subdistricts</source>
            <translation>All subdistricts</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="429" />
            <source>All statuses</source>
            <translation>All statuses</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/mainwindow.py" line="373" />
            <location filename="../../bkkdesk/ui/mainwindow.py" line="493" />
            <source>%n record(s)</source>
            <translation>
                <numerusform>%n record</numerusform>
                <numerusform>%n records</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="501" />
            <source>Working…</source>
            <translation>Working…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="583" />
            <source>Delete record</source>
            <translation>Delete record</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="584" />
            <source>Delete this record? The deletion is recorded and sent to the server.</source>
            <translation>Delete this record? The deletion is recorded and sent to the server.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="618" />
            <source>No drafts.</source>
            <translation>No drafts.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="694" />
            <location filename="../../bkkdesk/ui/mainwindow.py" line="733" />
            <source>Export to Excel</source>
            <translation>Export to Excel</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="694" />
            <location filename="../../bkkdesk/ui/mainwindow.py" line="752" />
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel workbook (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="707" />
            <source>Export</source>
            <translation>Export</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="708" />
            <source>Export is not available in this version.</source>
            <translation>Export is not available in this version.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="730" />
            <source>Saved %1 row(s) to %2</source>
            <translation>Saved %1 row(s) to %2</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="746" />
            <source>Import</source>
            <translation>Import</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="747" />
            <source>Import from Excel is not available in this version yet.</source>
            <translation>Import from Excel is not available in this version yet.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="751" />
            <location filename="../../bkkdesk/ui/mainwindow.py" line="778" />
            <source>Import from Excel</source>
            <translation>Import from Excel</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/mainwindow.py" line="773" />
            <source>Imported %n record(s).</source>
            <translation>
                <numerusform>Imported %n record.</numerusform>
                <numerusform>Imported %n records.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="774" />
            <source>Nothing was imported: %1 row(s) with errors, %2 duplicate(s). Correct the file and import it again.</source>
            <translation>Nothing was imported: %1 row(s) with errors, %2 duplicate(s). Correct the file and import it again.</translation>
        </message>
    </context>
    <context>
        <name>NationalIdEditor</name>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/editors.py" line="629" />
            <source>%n more digit(s)</source>
            <translation>
                <numerusform>%n more digit</numerusform>
                <numerusform>%n more digits</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="632" />
            <source>✓ valid number</source>
            <translation>✓ valid number</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="635" />
            <source>✗ check digit does not match</source>
            <translation>✗ check digit does not match</translation>
        </message>
    </context>
    <context>
        <name>RecordDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="59" />
            <source>New record — %1</source>
            <translation>New record — %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="61" />
            <source>Edit record — %1</source>
            <translation>Edit record — %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="70" />
            <source>Save (Ctrl+S)</source>
            <translation>Save (Ctrl+S)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="71" />
            <source>Save and new (Ctrl+Shift+S)</source>
            <translation>Save and new (Ctrl+Shift+S)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="72" />
            <source>History…</source>
            <translation>History…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="73" />
            <source>Close (Esc)</source>
            <translation>Close (Esc)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="104" />
            <source>Restored from a draft: check and save.</source>
            <translation>Restored from a draft: check and save.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/recorddialog.py" line="149" />
            <location filename="../../bkkdesk/ui/recorddialog.py" line="195" />
            <source>%n field(s) need correcting</source>
            <translation>
                <numerusform>%n field need correcting</numerusform>
                <numerusform>%n fields need correcting</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="155" />
            <source>Saving…</source>
            <translation>Saving…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="181" />
            <source>Saved. Enter the next record.</source>
            <translation>Saved. Enter the next record.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="201" />
            <source>Not saved: %1</source>
            <translation>Not saved: %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="213" />
            <source>This record has changes that are not saved.</source>
            <translation>This record has changes that are not saved.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="214" />
            <source>Save</source>
            <translation>Save</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="215" />
            <source>Discard changes</source>
            <translation>Discard changes</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="216" />
            <source>Keep editing</source>
            <translation>Keep editing</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="90" />
            <source>Settings</source>
            <translation>Settings</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="94" />
            <source> pt</source>
            <translation> pt</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="100" />
            <source>Display</source>
            <translation>Display</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="102" />
            <source>Font size</source>
            <translation>Font size</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="103" />
            <source>Language</source>
            <translation>Language</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="104" />
            <source>A new language or font size applies after the next start.</source>
            <translation>A new language or font size applies after the next start.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="109" />
            <source>IT settings</source>
            <translation>IT settings</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="115" />
            <source>Browse…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="121" />
            <source>Server address</source>
            <translation>Server address</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="122" />
            <source>Proxy</source>
            <translation>Proxy</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="123" />
            <location filename="../../bkkdesk/ui/settings.py" line="140" />
            <source>CA bundle</source>
            <translation>CA bundle</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="129" />
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="130" />
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="140" />
            <source>Certificates (*.pem *.crt);;All files (*)</source>
            <translation>Certificates (*.pem *.crt);;All files (*)</translation>
        </message>
    </context>
    <context>
        <name>SyncStatusWidget</name>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="67" />
            <source>Sync now</source>
            <translation>Sync now</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="80" />
            <source>Offline: this PC is not enrolled</source>
            <translation>Offline: this PC is not enrolled</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="81" />
            <source>Offline: will retry</source>
            <translation>Offline: will retry</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="82" />
            <source>Up to date</source>
            <translation>Up to date</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="83" />
            <source>Syncing…</source>
            <translation>Syncing…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="84" />
            <source>Sync failed</source>
            <translation>Sync failed</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="89" />
            <source>last sync %1</source>
            <translation>last sync %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="99" />
            <source>No changes waiting</source>
            <translation>No changes waiting</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/mainwindow.py" line="101" />
            <source>%n change(s) waiting to send</source>
            <translation>
                <numerusform>%n change waiting to send</numerusform>
                <numerusform>%n changes waiting to send</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/mainwindow.py" line="106" />
            <source>This PC's clock is off by %n minute(s)</source>
            <translation>
                <numerusform>This PC's clock is off by %n minute</numerusform>
                <numerusform>This PC's clock is off by %n minutes</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ThaiCalendarPopup</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="229" />
            <source>B.E. </source>
            <translation>B.E. </translation>
        </message>
    </context>
    <context>
        <name>TransferDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="60" />
            <source>Working…</source>
            <translation>Working…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="64" />
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="66" />
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="84" />
            <source>%1 of %2 rows</source>
            <translation>%1 of %2 rows</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="87" />
            <source>%1 rows</source>
            <translation>%1 rows</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="92" />
            <source>Cancelling…</source>
            <translation>Cancelling…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="105" />
            <source>Done.</source>
            <translation>Done.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="115" />
            <source>Failed: %1</source>
            <translation>Failed: %1</translation>
        </message>
    </context>
    <context>
        <name>YesNoEditor</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="497" />
            <source>Yes</source>
            <translation>Yes</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="497" />
            <source>No</source>
            <translation>No</translation>
        </message>
    </context>
</TS>