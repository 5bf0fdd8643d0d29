; Inno Setup script for Backa Desktop on Windows (untested: cannot be built on this Linux
; machine). Build the one-folder app on Windows first:
;   .venv\Scripts\pyinstaller --noconfirm --clean packaging\desktop\backa.spec
; then:  iscc /DAppVersion=0.1.0 packaging\desktop\windows\backa.iss
; and sign the installer (see packaging/README.md). Per-user install: no admin rights needed,
; data stays in %LOCALAPPDATA%\BackaDesktop (never in Program Files).
#ifndef AppVersion
  #error Pass the version from backa_desktop/__init__.py: iscc /DAppVersion=x.y.z
#endif

[Setup]
AppId={{6B7E2F0C-3C1D-4E8A-9B55-BACCABA00001}
AppName=Backa barnet
AppVersion={#AppVersion}
AppPublisher=Kommunen (ange organisationens namn)
DefaultDirName={localappdata}\Programs\Backa barnet
DefaultGroupName=Backa barnet
PrivilegesRequired=lowest
OutputDir=..\..\..\dist
OutputBaseFilename=backa-desktop-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern
; SignTool=signtool   ; define "signtool" in the Inno Setup IDE/iscc with the signing command

[Languages]
Name: "swedish"; MessagesFile: "compiler:Languages\Swedish.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
; the whole one-folder build: backa-desktop.exe, backa-smoke.exe and _internal\
Source: "..\..\..\dist\backa-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Backa barnet"; Filename: "{app}\backa-desktop.exe"
Name: "{userdesktop}\Backa barnet"; Filename: "{app}\backa-desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Skapa en genväg på skrivbordet"; Flags: unchecked

[Run]
Filename: "{app}\backa-desktop.exe"; Description: "Starta Backa barnet"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Uninstalling removes the program only. The encrypted data folder is left on purpose:
; unsent changes must be synced (or the folder backed up) before it is deleted by hand.
