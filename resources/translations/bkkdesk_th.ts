<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="th_TH" sourcelanguage="en_US">
    <context>
        <name>ChoiceEditor</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="447" />
            <source>— choose —</source>
            <translation>— เลือก —</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="459" />
            <source>Other</source>
            <translation>อื่น ๆ</translation>
        </message>
    </context>
    <context>
        <name>ConflictsDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="87" />
            <source>Conflicts to resolve</source>
            <translation>ข้อมูลขัดแย้งที่ต้องตัดสิน</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="93" />
            <source>Loading…</source>
            <translation>กำลังโหลด…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="97" />
            <source>Field</source>
            <translation>ช่อง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="97" />
            <source>On this PC</source>
            <translation>ในเครื่องนี้</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="97" />
            <source>On the server</source>
            <translation>ในเซิร์ฟเวอร์</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="97" />
            <source>Merged</source>
            <translation>รวมแล้ว</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="100" />
            <source>Keep this PC's values</source>
            <translation>ใช้ค่าในเครื่องนี้</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="101" />
            <source>Keep the server's values</source>
            <translation>ใช้ค่าในเซิร์ฟเวอร์</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="102" />
            <source>Keep the merged values</source>
            <translation>ใช้ค่าที่รวมแล้ว</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="123" />
            <source>Close</source>
            <translation>ปิด</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="136" />
            <source>Could not read the conflicts: %1</source>
            <translation>อ่านรายการข้อมูลขัดแย้งไม่ได้: %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/conflicts.py" line="142" />
            <source>No conflicts: every change merged cleanly.</source>
            <translation>ไม่มีข้อมูลขัดแย้ง: ทุกการแก้ไขรวมกันได้เรียบร้อย</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/conflicts.py" line="145" />
            <source>%n conflict(s) to resolve</source>
            <translation>
                <numerusform>มีข้อมูลขัดแย้ง %n รายการที่ต้องตัดสิน</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>DateLineEdit</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="282" />
            <source>d/m/yyyy B.E.</source>
            <translation>วว/ดด/ปปปป พ.ศ.</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="287" />
            <source>Pick a date from the calendar</source>
            <translation>เลือกวันที่จากปฏิทิน (F4)</translation>
        </message>
    </context>
    <context>
        <name>DateTimeEditor</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="397" />
            <source>o'clock</source>
            <translation>น.</translation>
        </message>
    </context>
    <context>
        <name>DesktopApp</name>
        <message>
            <location filename="../../bkkdesk/ui/app.py" line="134" />
            <source>This PC has no district yet: IT staff run 'bkkdesk init' or enroll the PC.</source>
            <translation>เครื่องนี้ยังไม่ได้กำหนดเขต: เจ้าหน้าที่ไอทีต้องใช้คำสั่ง 'bkkdesk init' หรือลงทะเบียนเครื่อง</translation>
        </message>
    </context>
    <context>
        <name>DraftsDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="38" />
            <source>Unsaved drafts</source>
            <translation>ข้อมูลที่ยังไม่ได้บันทึก</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="46" />
            <source>These records were being typed but were not saved. Restore one to finish it, or discard it.</source>
            <translation>ระเบียนเหล่านี้พิมพ์ค้างไว้แต่ยังไม่ได้บันทึก เลือกกู้คืนเพื่อทำต่อ หรือทิ้งไป</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="53" />
            <source>Restore</source>
            <translation>กู้คืน</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="54" />
            <source>Discard</source>
            <translation>ทิ้ง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="55" />
            <source>Later</source>
            <translation>ไว้ทีหลัง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="80" />
            <source>edit</source>
            <translation>แก้ไข</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/drafts.py" line="80" />
            <source>new</source>
            <translation>ใหม่</translation>
        </message>
    </context>
    <context>
        <name>FieldRow</name>
        <message>
            <location filename="../../bkkdesk/ui/form.py" line="59" />
            <source>keep</source>
            <translation>คงค่า</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/form.py" line="60" />
            <source>Keep this value for the next record (save and new)</source>
            <translation>ใช้ค่านี้ต่อในระเบียนถัดไป (บันทึกและเพิ่มใหม่)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/form.py" line="72" />
            <source>Asked when %1</source>
            <translation>กรอกเมื่อ %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/form.py" line="75" />
            <source>Computed: %1</source>
            <translation>คำนวณให้เอง: %1</translation>
        </message>
    </context>
    <context>
        <name>GeoPointEditor</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="667" />
            <source>Lat.</source>
            <translation>ละติจูด</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="669" />
            <source>Long.</source>
            <translation>ลองจิจูด</translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="50" />
            <source>Record history</source>
            <translation>ประวัติการแก้ไขระเบียน</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="52" />
            <source>Loading…</source>
            <translation>กำลังโหลด…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="56" />
            <source>When</source>
            <translation>เมื่อ</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="57" />
            <source>User</source>
            <translation>ผู้ใช้</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="58" />
            <source>Change</source>
            <translation>การเปลี่ยนแปลง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="59" />
            <source>Field</source>
            <translation>ช่อง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="60" />
            <source>Before</source>
            <translation>ค่าเดิม</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="61" />
            <source>After</source>
            <translation>ค่าใหม่</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="72" />
            <source>Close</source>
            <translation>ปิด</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="84" />
            <source>created</source>
            <translation>สร้าง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="85" />
            <source>edited</source>
            <translation>แก้ไข</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/history.py" line="86" />
            <source>deleted</source>
            <translation>ลบ</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/history.py" line="126" />
            <source>%n change(s)</source>
            <translation>
                <numerusform>การเปลี่ยนแปลง %n ครั้ง</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>LoginWindow</name>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="38" />
            <source>bkkdesk — log in</source>
            <translation>bkkdesk — เข้าสู่ระบบ</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="39" />
            <source>District data entry</source>
            <translation>ระบบบันทึกข้อมูลสำนักงานเขต</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="45" />
            <source>Bangkok Metropolitan Administration</source>
            <translation>กรุงเทพมหานคร</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="46" />
            <source>Opening the database…</source>
            <translation>กำลังเปิดฐานข้อมูล…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="50" />
            <source>user name</source>
            <translation>ชื่อผู้ใช้</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="54" />
            <source>password</source>
            <translation>รหัสผ่าน</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="55" />
            <source>Log in</source>
            <translation>เข้าสู่ระบบ</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="64" />
            <source>Works without a network: records are kept on this PC and sent to the central server when it can be reached.</source>
            <translation>ใช้งานได้แม้ไม่มีอินเทอร์เน็ต: ข้อมูลเก็บไว้ในเครื่องนี้และส่งไปยังเซิร์ฟเวอร์กลางเมื่อเชื่อมต่อได้</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="75" />
            <source>User name</source>
            <translation>ชื่อผู้ใช้</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="76" />
            <source>Password</source>
            <translation>รหัสผ่าน</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="124" />
            <source>Type your user name and password.</source>
            <translation>กรุณาพิมพ์ชื่อผู้ใช้และรหัสผ่าน</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="129" />
            <source>Checking…</source>
            <translation>กำลังตรวจสอบ…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/login.py" line="147" />
            <source>Could not log in: %1</source>
            <translation>เข้าสู่ระบบไม่ได้: %1</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="147" />
            <source>Search (name, place, number…)</source>
            <translation>ค้นหา (ชื่อ สถานที่ เลขที่…)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="157" />
            <source>from</source>
            <translation>ตั้งแต่</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="158" />
            <source>to</source>
            <translation>ถึง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="159" />
            <source>Date</source>
            <translation>วันที่</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="160" />
            <source>Clear filters</source>
            <translation>ล้างตัวกรอง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="183" />
            <source>Subdistrict</source>
            <translation>แขวง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="186" />
            <source>Status</source>
            <translation>สถานะ</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="283" />
            <source>New record</source>
            <translation>เพิ่มระเบียน</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="284" />
            <source>Open</source>
            <translation>เปิด/แก้ไข</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="285" />
            <source>History</source>
            <translation>ประวัติ</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="287" />
            <source>Delete</source>
            <translation>ลบ</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="290" />
            <source>Export to Excel…</source>
            <translation>ส่งออก Excel…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="292" />
            <source>Import from Excel…</source>
            <translation>นำเข้าจาก Excel…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="294" />
            <source>Sync now</source>
            <translation>ซิงก์ตอนนี้</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="295" />
            <source>Conflicts</source>
            <translation>ข้อมูลขัดแย้ง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="298" />
            <source>Drafts…</source>
            <translation>ข้อมูลที่ยังไม่บันทึก…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="300" />
            <source>Settings…</source>
            <translation>ตั้งค่า…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="302" />
            <source>Log out</source>
            <translation>ออกจากระบบ</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="303" />
            <source>Quit</source>
            <translation>ปิดโปรแกรม</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="304" />
            <source>Search</source>
            <translation>ค้นหา</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="307" />
            <source>Main</source>
            <translation>เครื่องมือหลัก</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="324" />
            <source>&amp;File</source>
            <translation>แ&amp;ฟ้ม</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="333" />
            <source>&amp;Record</source>
            <translation>&amp;ระเบียน</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="337" />
            <source>&amp;Sync</source>
            <translation>&amp;ซิงก์</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="425" />
            <source>All subdistricts</source>
            <translation>ทุกแขวง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="429" />
            <source>All statuses</source>
            <translation>ทุกสถานะ</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/mainwindow.py" line="373" />
            <location filename="../../bkkdesk/ui/mainwindow.py" line="493" />
            <source>%n record(s)</source>
            <translation>
                <numerusform>%n ระเบียน</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="501" />
            <source>Working…</source>
            <translation>กำลังทำงาน…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="583" />
            <source>Delete record</source>
            <translation>ลบระเบียน</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="584" />
            <source>Delete this record? The deletion is recorded and sent to the server.</source>
            <translation>ลบระเบียนนี้หรือไม่? การลบจะถูกบันทึกไว้และส่งไปยังเซิร์ฟเวอร์</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="618" />
            <source>No drafts.</source>
            <translation>ไม่มีข้อมูลค้างบันทึก</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="694" />
            <location filename="../../bkkdesk/ui/mainwindow.py" line="733" />
            <source>Export to Excel</source>
            <translation>ส่งออกเป็น Excel</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="694" />
            <location filename="../../bkkdesk/ui/mainwindow.py" line="752" />
            <source>Excel workbook (*.xlsx)</source>
            <translation>ไฟล์ Excel (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="707" />
            <source>Export</source>
            <translation>ส่งออก</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="708" />
            <source>Export is not available in this version.</source>
            <translation>รุ่นนี้ยังส่งออกไม่ได้</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="730" />
            <source>Saved %1 row(s) to %2</source>
            <translation>บันทึก %1 แถวลงไฟล์ %2 แล้ว</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="746" />
            <source>Import</source>
            <translation>นำเข้า</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="747" />
            <source>Import from Excel is not available in this version yet.</source>
            <translation>รุ่นนี้ยังนำเข้าจาก Excel ไม่ได้</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="751" />
            <location filename="../../bkkdesk/ui/mainwindow.py" line="778" />
            <source>Import from Excel</source>
            <translation>นำเข้าจาก Excel</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/mainwindow.py" line="773" />
            <source>Imported %n record(s).</source>
            <translation>
                <numerusform>นำเข้าแล้ว %n ระเบียน</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="774" />
            <source>Nothing was imported: %1 row(s) with errors, %2 duplicate(s). Correct the file and import it again.</source>
            <translation>ยังไม่ได้นำเข้าข้อมูลใด ๆ: มีข้อผิดพลาด %1 แถว ซ้ำ %2 แถว กรุณาแก้ไขไฟล์แล้วนำเข้าใหม่</translation>
        </message>
    </context>
    <context>
        <name>NationalIdEditor</name>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/editors.py" line="629" />
            <source>%n more digit(s)</source>
            <translation>
                <numerusform>ขาดอีก %n หลัก</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="632" />
            <source>✓ valid number</source>
            <translation>✓ เลขถูกต้อง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="635" />
            <source>✗ check digit does not match</source>
            <translation>✗ เลขตรวจสอบหลักสุดท้ายไม่ตรง</translation>
        </message>
    </context>
    <context>
        <name>RecordDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="59" />
            <source>New record — %1</source>
            <translation>เพิ่มระเบียน — %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="61" />
            <source>Edit record — %1</source>
            <translation>แก้ไขระเบียน — %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="70" />
            <source>Save (Ctrl+S)</source>
            <translation>บันทึก (Ctrl+S)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="71" />
            <source>Save and new (Ctrl+Shift+S)</source>
            <translation>บันทึกและเพิ่มใหม่ (Ctrl+Shift+S)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="72" />
            <source>History…</source>
            <translation>ประวัติ…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="73" />
            <source>Close (Esc)</source>
            <translation>ปิด (Esc)</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="104" />
            <source>Restored from a draft: check and save.</source>
            <translation>กู้คืนจากข้อมูลที่ค้างไว้: ตรวจสอบแล้วกดบันทึก</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/recorddialog.py" line="149" />
            <location filename="../../bkkdesk/ui/recorddialog.py" line="195" />
            <source>%n field(s) need correcting</source>
            <translation>
                <numerusform>ต้องแก้ไข %n ช่อง</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="155" />
            <source>Saving…</source>
            <translation>กำลังบันทึก…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="181" />
            <source>Saved. Enter the next record.</source>
            <translation>บันทึกแล้ว กรอกระเบียนถัดไปได้</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="201" />
            <source>Not saved: %1</source>
            <translation>ยังไม่ได้บันทึก: %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="213" />
            <source>This record has changes that are not saved.</source>
            <translation>ระเบียนนี้มีการแก้ไขที่ยังไม่ได้บันทึก</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="214" />
            <source>Save</source>
            <translation>บันทึก</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="215" />
            <source>Discard changes</source>
            <translation>ทิ้งการแก้ไข</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/recorddialog.py" line="216" />
            <source>Keep editing</source>
            <translation>แก้ไขต่อ</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="90" />
            <source>Settings</source>
            <translation>ตั้งค่า</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="94" />
            <source> pt</source>
            <translation> พอยต์</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="100" />
            <source>Display</source>
            <translation>การแสดงผล</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="102" />
            <source>Font size</source>
            <translation>ขนาดตัวอักษร</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="103" />
            <source>Language</source>
            <translation>ภาษา</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="104" />
            <source>A new language or font size applies after the next start.</source>
            <translation>ภาษาหรือขนาดตัวอักษรใหม่จะมีผลเมื่อเปิดโปรแกรมครั้งถัดไป</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="109" />
            <source>IT settings</source>
            <translation>ตั้งค่าสำหรับเจ้าหน้าที่ไอที</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="115" />
            <source>Browse…</source>
            <translation>เลือกไฟล์…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="121" />
            <source>Server address</source>
            <translation>ที่อยู่เซิร์ฟเวอร์</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="122" />
            <source>Proxy</source>
            <translation>พร็อกซี</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="123" />
            <location filename="../../bkkdesk/ui/settings.py" line="140" />
            <source>CA bundle</source>
            <translation>ใบรับรอง CA</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="129" />
            <source>OK</source>
            <translation>ตกลง</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="130" />
            <source>Cancel</source>
            <translation>ยกเลิก</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/settings.py" line="140" />
            <source>Certificates (*.pem *.crt);;All files (*)</source>
            <translation>ใบรับรอง (*.pem *.crt);;ทุกไฟล์ (*)</translation>
        </message>
    </context>
    <context>
        <name>SyncStatusWidget</name>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="67" />
            <source>Sync now</source>
            <translation>ซิงก์ตอนนี้</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="80" />
            <source>Offline: this PC is not enrolled</source>
            <translation>ออฟไลน์: เครื่องนี้ยังไม่ได้ลงทะเบียน</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="81" />
            <source>Offline: will retry</source>
            <translation>ออฟไลน์: จะลองใหม่อัตโนมัติ</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="82" />
            <source>Up to date</source>
            <translation>ข้อมูลเป็นปัจจุบัน</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="83" />
            <source>Syncing…</source>
            <translation>กำลังซิงก์…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="84" />
            <source>Sync failed</source>
            <translation>ซิงก์ไม่สำเร็จ</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="89" />
            <source>last sync %1</source>
            <translation>ซิงก์ล่าสุด %1</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/mainwindow.py" line="99" />
            <source>No changes waiting</source>
            <translation>ไม่มีข้อมูลรอส่ง</translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/mainwindow.py" line="101" />
            <source>%n change(s) waiting to send</source>
            <translation>
                <numerusform>รอส่ง %n รายการ</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../bkkdesk/ui/mainwindow.py" line="106" />
            <source>This PC's clock is off by %n minute(s)</source>
            <translation>
                <numerusform>นาฬิกาเครื่องนี้คลาดเคลื่อน %n นาที</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ThaiCalendarPopup</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="229" />
            <source>B.E. </source>
            <translation>พ.ศ. </translation>
        </message>
    </context>
    <context>
        <name>TransferDialog</name>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="60" />
            <source>Working…</source>
            <translation>กำลังทำงาน…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="64" />
            <source>Cancel</source>
            <translation>ยกเลิก</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="66" />
            <source>Close</source>
            <translation>ปิด</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="84" />
            <source>%1 of %2 rows</source>
            <translation>%1 จาก %2 แถว</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="87" />
            <source>%1 rows</source>
            <translation>%1 แถว</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="92" />
            <source>Cancelling…</source>
            <translation>กำลังยกเลิก…</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="105" />
            <source>Done.</source>
            <translation>เสร็จแล้ว</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/transfer.py" line="115" />
            <source>Failed: %1</source>
            <translation>ไม่สำเร็จ: %1</translation>
        </message>
    </context>
    <context>
        <name>YesNoEditor</name>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="497" />
            <source>Yes</source>
            <translation>ใช่</translation>
        </message>
        <message>
            <location filename="../../bkkdesk/ui/editors.py" line="497" />
            <source>No</source>
            <translation>ไม่ใช่</translation>
        </message>
    </context>
</TS>