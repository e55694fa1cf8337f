; Inno Setup 6 script of the bkkdesk Windows installer.
;
; Build (on Windows, after `python tools/build_bundle.py` made dist\bkkdesk):
;   iscc /DAppVersion=0.1.0 installer\bkkdesk.iss
; → dist\bkkdesk-setup-0.1.0.exe
;
; Install (see docs/it-guide.md):
;   bkkdesk-setup-0.1.0.exe                                   wizard
;   bkkdesk-setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /CONFIG="\\it\bkkdesk.toml"
;
; - Per machine, into Program Files, administrator rights required.
; - /CONFIG=path copies a machine configuration (bkkdesk.toml) next to the executables,
;   where bkkdesk looks first; it is checked with `bkkdesk-cli config` after copying.
; - Start-menu shortcuts in Thai and in English; an IT folder with the self-test and a
;   command prompt.
; - Uninstalling removes the program only: every user's data (%LOCALAPPDATA%\BMA\bkkdesk:
;   database, backups, logs) and the system config (%PROGRAMDATA%\BMA\bkkdesk) stay.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "bkkdesk"
#define AppPublisher "Bangkok Metropolitan Administration"
#define BundleDir "..\dist\bkkdesk"

[Setup]
; Never change AppId: it is how an upgrade finds the installed copy.
AppId={{6B0E7B52-3C0C-4B8E-9E55-0F1B2B6A1D4C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 or later
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=bkkdesk-setup-{#AppVersion}
SetupIconFile=..\resources\icons\bkkdesk.ico
UninstallDisplayIcon={app}\bkkdesk.exe
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; close a running bkkdesk before replacing its files (Restart Manager)
CloseApplications=yes
RestartApplications=no
SetupLogging=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Thai wizard text: the unofficial Thai.isl from https://jrsoftware.org/files/istrans/
; copied into Inno Setup's Languages folder; without it the wizard is in English.
#if FileExists(CompilerPath + "Languages\Thai.isl")
Name: "thai"; MessagesFile: "compiler:Languages\Thai.isl"
#endif

[CustomMessages]
english.ShortcutThai=bkkdesk - ระบบบันทึกข้อมูลสำนักงานเขต
english.ShortcutEnglish=bkkdesk (English)
english.ShortcutSelfTest=bkkdesk self-test (IT)
english.ShortcutPrompt=bkkdesk command prompt (IT)
english.DesktopIcon=Create a desktop shortcut
english.ConfigMissing=The configuration file given with /CONFIG= was not found:
english.ConfigInvalid=bkkdesk does not accept the configuration file (run "bkkdesk-cli config" for details):
#if FileExists(CompilerPath + "Languages\Thai.isl")
thai.ShortcutThai=bkkdesk - ระบบบันทึกข้อมูลสำนักงานเขต
thai.ShortcutEnglish=bkkdesk (English)
thai.ShortcutSelfTest=bkkdesk ตรวจสอบการติดตั้ง (ฝ่ายไอที)
thai.ShortcutPrompt=bkkdesk หน้าต่างคำสั่ง (ฝ่ายไอที)
thai.DesktopIcon=สร้างทางลัดบนเดสก์ท็อป
thai.ConfigMissing=ไม่พบไฟล์ตั้งค่าที่ระบุด้วย /CONFIG=
thai.ConfigInvalid=ไฟล์ตั้งค่าไม่ถูกต้อง (ดูรายละเอียดด้วยคำสั่ง bkkdesk-cli config):
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\docs\it-guide.md"; DestDir: "{app}\docs"; Flags: ignoreversion
Source: "..\docs\bkkdesk.example.toml"; DestDir: "{app}\docs"; Flags: ignoreversion

[Icons]
; The language of the app follows bkkdesk.toml (language = "th" / "en") and the user's
; choice; the English shortcut asks for English explicitly.
Name: "{commonprograms}\{#AppName}\{cm:ShortcutThai}"; Filename: "{app}\bkkdesk.exe"; \
  Parameters: "app"; WorkingDir: "{app}"; Comment: "ระบบบันทึกข้อมูลสำนักงานเขต กรุงเทพมหานคร"
Name: "{commonprograms}\{#AppName}\{cm:ShortcutEnglish}"; Filename: "{app}\bkkdesk.exe"; \
  Parameters: "app --lang en"; WorkingDir: "{app}"; Comment: "District office data entry"
Name: "{commonprograms}\{#AppName}\IT\{cm:ShortcutSelfTest}"; Filename: "{cmd}"; \
  Parameters: "/k ""{app}\bkkdesk-cli.exe"" self-test"; WorkingDir: "{app}"
Name: "{commonprograms}\{#AppName}\IT\{cm:ShortcutPrompt}"; Filename: "{cmd}"; \
  Parameters: "/k cd /d ""{app}"" && bkkdesk-cli.exe --help"; WorkingDir: "{app}"
Name: "{commondesktop}\{cm:ShortcutThai}"; Filename: "{app}\bkkdesk.exe"; \
  Parameters: "app"; WorkingDir: "{app}"; Tasks: desktopicon

[UninstallDelete]
; Only what the installer itself put beside the program. User data is never deleted.
Type: files; Name: "{app}\bkkdesk.toml"

[Code]
var
  ConfigSource: String;

function InitializeSetup(): Boolean;
begin
  Result := True;
  ConfigSource := ExpandConstant('{param:CONFIG|}');
  if (ConfigSource <> '') and not FileExists(ConfigSource) then
  begin
    SuppressibleMsgBox(CustomMessage('ConfigMissing') + #13#10 + ConfigSource,
      mbCriticalError, MB_OK, IDOK);
    Log('CONFIG file not found: ' + ConfigSource);
    Result := False;  { exit code 1: the deployment script sees the failure }
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Target: String;
  ResultCode: Integer;
begin
  if (CurStep = ssPostInstall) and (ConfigSource <> '') then
  begin
    Target := ExpandConstant('{app}\bkkdesk.toml');
    if not FileCopy(ConfigSource, Target, False) then
      RaiseException('cannot copy ' + ConfigSource + ' to ' + Target);
    Log('machine configuration copied from ' + ConfigSource);
    { Let bkkdesk itself validate the file: a wrong key is reported now, not at first run. }
    if Exec(ExpandConstant('{app}\bkkdesk-cli.exe'), 'config', ExpandConstant('{app}'),
            SW_HIDE, ewWaitUntilTerminated, ResultCode) and (ResultCode <> 0) then
      SuppressibleMsgBox(CustomMessage('ConfigInvalid') + #13#10 + Target,
        mbError, MB_OK, IDOK);
  end;
end;
