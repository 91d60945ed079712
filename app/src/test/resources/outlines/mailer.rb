# frozen_string_literal: true

require "net/smtp"

module Notifications
  # Sends e-mails through SMTP, with retries.
  #
  # Configure it once per process.
  class Mailer < BaseMailer
    include Enumerable

    DEFAULT_PORT = 587

    attr_reader :host, :port

    # Creates a mailer for +host+.
    def initialize(host, port: DEFAULT_PORT)
      super()
      @host = host
      @port = port
    end

    # Delivers one message; returns the message id.
    def deliver(to, subject, body = "")
      with_retries(3) { smtp.send_message(body, "noreply@example.com", to) }
    end

    def each(&block)
      sent.each(&block)
    end

    # Builds a mailer from ENV.
    def self.from_env
      new(ENV.fetch("SMTP_HOST"))
    end

    class << self
      # The process-wide default mailer.
      def default
        @default ||= from_env
      end
    end

    private

    def with_retries(n)
      yield
    rescue Net::SMTPServerBusy
      (n -= 1).positive? ? retry : raise
    end
  end

  # Raised when the server refuses a message.
  class DeliveryError < StandardError; end
end

# Shortcut used by scripts.
def send_test_mail(to)
  Notifications::Mailer.from_env.deliver(to, "test")
end

begin
  require "mail"

  # Adapter for the mail gem, when it is installed.
  class MailGemAdapter
    def deliver(message)
      message.deliver!
    end
  end
rescue LoadError
  nil
end
