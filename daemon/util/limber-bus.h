/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The D-Bus names of limber, shared by limberd and limberctl (the API: daemon/io.github.limber.Limber1.xml,
 * io.github.limber.Limber1(5)). */

#define LIMBER_BUS_NAME         "io.github.limber.Limber1"
#define LIMBER_BUS_PATH         "/io/github/limber/Limber1"
#define LIMBER_BUS_INTERFACE    "io.github.limber.Limber1"

/* Errors limberd answers with, besides org.freedesktop.DBus.Error.InvalidArgs. */
#define LIMBER_ERROR_INVALID_CONFIG "io.github.limber.Limber1.Error.InvalidConfig"
#define LIMBER_ERROR_NOT_POSSIBLE   "io.github.limber.Limber1.Error.NotPossible"
#define LIMBER_ERROR_IO             "io.github.limber.Limber1.Error.IO"
#define LIMBER_ERROR_UNKNOWN_EXERCISE "io.github.limber.Limber1.Error.UnknownExercise"
