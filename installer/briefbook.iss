; Inno Setup 6 script for the BriefBook Windows installer (docs/packaging.md).
;
; Build dist\briefbook\ first (pyinstaller briefbook.spec, which also writes build\icons\), then:
;   iscc /DAppVersion=0.1.0 installer\briefbook.iss
; The release workflow passes the version from pyproject.toml. Output: dist\BriefBook-<version>-setup.exe
;
; Per-user install, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\BriefBook,
; the shortcut to the user's Start menu, and the .bbk association and uninstaller entry to HKCU.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z installer\briefbook.iss
#endif

#define AppName "BriefBook"
#define AppPublisher "BriefBook"
#define AppExe "briefbook.exe"
#define BundleProgId "BriefBook.Bundle"

[Setup]
; AppId identifies the product to Windows across versions: never change it.
AppId={{90504F94-8568-4292-A75E-754958407A4E}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright=Copyright (C) {#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoCompany={#AppPublisher}
VersionInfoDescription={#AppName} installer
; lowest: never asks for elevation; {autopf}, {autoprograms} and HKA then mean the user's own.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; The frozen app is 64-bit only; Qt 6 needs Windows 10 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
ChangesEnvironment=yes
; Relative paths below are relative to this script's folder (installer\).
OutputDir=..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\build\icons\briefbook.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; A running BriefBook is asked to close (it saves on close) before files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add BriefBook's folder to my PATH (to run ""briefbook-cli"" commands in a terminal)"; GroupDescription: "Command line:"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole library folder: files an older version shipped must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\briefbook\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Briefing books for trips and meetings"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .bbk bundles open in BriefBook: `briefbook.exe "<file>"` imports the bundle and shows the book
; (asking first when it would update records). HKA is HKCU for this per-user install.
Root: HKA; Subkey: "Software\Classes\.bbk"; ValueType: string; ValueName: ""; ValueData: "{#BundleProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.bbk\OpenWithProgids"; ValueType: string; ValueName: "{#BundleProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}"; ValueType: string; ValueName: ""; ValueData: "BriefBook bundle"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".bbk"; ValueData: ""; Flags: uninsdeletekey
; Optional: the install folder on the user's PATH, so `briefbook-cli books` works in any terminal.
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// True when Folder is not yet an entry of the user's PATH (compared without case, as Windows does).
function NeedsAddPath(Folder: string): Boolean;
var
  Paths: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Paths) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(Paths) + ';') = 0;
end;

// Remove Folder and one separator from the user's PATH; other entries are left as they were.
procedure RemoveFromPath(Folder: string);
var
  Paths: string;
  Found: Integer;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Paths) then
    exit;
  // In ';' + Paths + ';' the match starts at the ';' before Folder, which is Paths[Found - 1].
  Found := Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(Paths) + ';');
  if Found = 0 then
    exit;
  if Found > 1 then
    Delete(Paths, Found - 1, Length(Folder) + 1)
  else
    Delete(Paths, 1, Length(Folder) + 1);
  RegWriteExpandStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Paths);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
end;
