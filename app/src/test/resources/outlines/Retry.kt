package dev.example.net

import kotlinx.coroutines.delay
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

/**
 * How often and how long to wait between attempts.
 *
 * @property attempts total attempts, the first included
 */
data class RetryPolicy(
    val attempts: Int = 3,
    val initialDelay: Duration = 100.milliseconds,
    val factor: Double = 2.0,
) {
    init {
        require(attempts >= 1) { "attempts must be at least 1" }
    }

    /** The delay before attempt [n] (0-based). */
    fun delayFor(n: Int): Duration = initialDelay * Math.pow(factor, n.toDouble())

    companion object {
        /** A policy that never retries. */
        val NONE = RetryPolicy(attempts = 1)

        /** Reads a policy from `attempts,delayMs` text. */
        @JvmStatic
        fun parse(text: String): RetryPolicy {
            val (a, d) = text.split(",")
            return RetryPolicy(a.trim().toInt(), d.trim().toLong().milliseconds)
        }
    }
}

/** Failures worth another attempt. */
sealed interface Transient {
    val cause: Throwable
}

/** The server answered 503. */
class Unavailable(override val cause: Throwable) : Transient

enum class Outcome { SUCCESS, GAVE_UP }

/**
 * Runs [block] until it succeeds or the policy's attempts are used up.
 */
suspend fun <T> retrying(policy: RetryPolicy, block: suspend (attempt: Int) -> T): T {
    var last: Throwable? = null
    for (n in 0 until policy.attempts) {
        try {
            return block(n)
        } catch (e: Exception) {
            last = e
            delay(policy.delayFor(n))
        }
    }
    throw last ?: IllegalStateException("no attempt made")
}

/** True when this exception is worth retrying. */
fun Throwable.isTransient(): Boolean = this is Transient || cause?.isTransient() == true

/** Counts attempts for metrics. */
object AttemptCounter {
    private var count = 0

    fun increment(): Int = ++count

    private fun reset() {
        count = 0
    }
}

typealias Attempt<T> = suspend (Int) -> T

abstract class Client<in Q, out R> {
    /** Sends one request. */
    abstract suspend fun send(request: Q): R

    protected open fun describe(): String = javaClass.simpleName
}
