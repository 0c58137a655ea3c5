// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef SCREENSHOT_H
#define SCREENSHOT_H

#include <QtCore/qstring.h>

class MainWindow;

// The pictures in docs/ (inspector.png, inspector-timeline.png): after `delayMs` of real
// traffic the window is made to show something worth seeing (with the demo: calls
// injected through Compose, a request and its answer selected, the inspector's own call
// in flight), `tab` is brought up, and the window is saved to `file`; then the app quits.
namespace Screenshot {
// `tab`: "inflight" (the default), "timeline", "routes", "connections", "compose" or
// "faults".
void schedule(MainWindow *window, const QString &file, const QString &tab, int delayMs);
} // namespace Screenshot

#endif // SCREENSHOT_H
