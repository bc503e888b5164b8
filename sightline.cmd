@echo off
rem The sightline command on Windows: uses JAVA_HOME (a JDK 21 or newer), builds the CLI jar on first
rem use, then runs it. "sightline test" runs the whole test suite. Exit codes as on Linux.
setlocal
set "ROOT=%~dp0"
set "JAR=%ROOT%sightline-cli\target\sightline.jar"
if not defined JAVA_HOME (
  for /f "delims=" %%j in ('where java 2^>nul') do if not defined JAVA_EXE set "JAVA_EXE=%%j"
) else (
  set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
)
if not defined JAVA_EXE (
  echo sightline: no JDK 21 or newer found; install Temurin 21+ from adoptium.net and set JAVA_HOME. 1>&2
  exit /b 3
)
"%JAVA_EXE%" -version 2>&1 | findstr /r /c:"version \"2[1-9]" /c:"version \"[3-9][0-9]" >nul
if errorlevel 1 (
  echo sightline: %JAVA_EXE% is older than Java 21; install Temurin 21+ from adoptium.net and set JAVA_HOME. 1>&2
  exit /b 3
)
if /i "%~1"=="test" (
  shift
  call "%ROOT%mvnw.cmd" -B verify
  exit /b %ERRORLEVEL%
)
if not exist "%JAR%" (
  echo sightline: building the command on first use... 1>&2
  call "%ROOT%mvnw.cmd" -B -q -DskipTests -pl sightline-cli -am package 1>&2 || exit /b 3
)
rem The agent's heap limit, collector and compiler: see the launcher for Linux and macOS (sightline) for why.
set "JVM_FLAGS="
if /i "%~1"=="agent" set "JVM_FLAGS=-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
"%JAVA_EXE%" %JVM_FLAGS% -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="%ROOT%sightline-cli\target\sightline.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "%JAR%" %*
exit /b %ERRORLEVEL%
