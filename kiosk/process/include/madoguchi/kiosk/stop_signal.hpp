// Clean stopping of the kiosk (docs/architecture.md "Clean stopping"): SIGTERM, SIGINT and
// SIGHUP end the kiosk within a second, in windowed and headless modes alike.
//
// - Before the kiosk's loop is armed (start-up: reading settings, waiting for the pcscd lock,
//   starting the demo's services) a signal stops every child (stop_all_children) and ends the
//   process by that signal at once: there is nothing of a resident to finish.
// - Once armed, the handler only sets a flag and writes a byte to a pipe (async-signal-safe);
//   a thread of this module reads it and calls the wake callback (SDL_PushEvent), so the loop
//   wakes at once, finishes the frame it is drawing and returns; the scenario stops at its
//   next step. The device worker finishes the command it runs (an outbox commit) and the
//   destructors stop the demo's services.
// - A watchdog ends the process one second after the signal (children stopped first) if the
//   orderly way has not finished by then (a printer or terminal that does not answer): the
//   payment journal and the outbox make that no worse than a power cut.
// - A second signal ends the process at once, the same way.
//
// However it stops, a kiosk stopped by a signal ends by that same signal once its teardown is
// done (re-raised from an atexit handler, after main's objects are destroyed): a shell sees
// 128 + the signal (143 for SIGTERM, 130 for SIGINT), waitpid sees WIFSIGNALED, and systemd
// counts it a clean stop. Only the watchdog's forced end writes "ending now" to stderr.
#pragma once

namespace madoguchi::kiosk {

// Installs the handlers. Call first thing in main(), before SDL_Init (SDL then leaves
// SIGINT and SIGTERM to us).
void install_stop_signals();

// From then on a signal asks the loop to stop instead of ending the process: `wake` is called
// (from a thread of this module, never from the handler) so the loop sees stop_requested().
using WakeLoop = void (*)();
void arm_stop_signals(WakeLoop wake);

// A stop was asked for by a signal (async-signal-safe read).
bool stop_requested();

// The signal that asked for it, 0 if none.
int stop_signal_number();

}  // namespace madoguchi::kiosk
