-- Notifications: what a person is told, per user, in the order it was told (seq, the live
-- stream's event id); their preferences; and each external channel's delivery with its
-- retries. What they are told about comes from other services' events only.

-- Who a notification reaches outside the app: kept from the user service's events.
CREATE TABLE notification_recipients (
  user_id     uuid PRIMARY KEY,
  email       text,
  phone       text,
  first_name  text,
  -- The last notification's number for this user: the row is locked while one is added,
  -- so a user's notifications commit in the order of their numbers (a stream that resumes
  -- after number n can never miss one that commits later with a smaller number).
  last_seq    bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notifications (
  id               uuid PRIMARY KEY,
  user_id          uuid NOT NULL,
  seq              bigint NOT NULL,
  type             text NOT NULL,
  title            text NOT NULL,
  message          text NOT NULL,
  data             jsonb NOT NULL DEFAULT '{}',
  priority         text NOT NULL CHECK (priority IN ('LOW', 'NORMAL', 'HIGH')),
  status           text NOT NULL DEFAULT 'UNREAD' CHECK (status IN ('UNREAD', 'READ', 'ARCHIVED')),
  -- Muted by the user's preferences when it was made: kept in the history, sent nowhere.
  muted            boolean NOT NULL DEFAULT false,
  source_event_id  text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  read_at          timestamptz,
  UNIQUE (user_id, seq),
  -- One event tells a user one thing of one type, whatever the inbox says.
  UNIQUE (user_id, type, source_event_id)
);
CREATE INDEX notifications_by_user ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE status = 'UNREAD';

CREATE TABLE notification_preferences (
  user_id      uuid PRIMARY KEY,
  mute_all     boolean NOT NULL DEFAULT false,
  muted_types  text[] NOT NULL DEFAULT '{}',
  -- type -> the external channels it goes to (EMAIL, SMS, PUSH); a type absent here has its defaults.
  channels     jsonb NOT NULL DEFAULT '{}',
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per notification and external channel. PENDING and RETRYING rows are due at
-- next_attempt_at; a sender leases a row by moving next_attempt_at past the send.
CREATE TABLE notification_deliveries (
  notification_id  uuid NOT NULL REFERENCES notifications (id),
  channel          text NOT NULL CHECK (channel IN ('IN_APP', 'EMAIL', 'SMS', 'PUSH')),
  user_id          uuid NOT NULL,
  recipient        text,
  status           text NOT NULL CHECK (status IN ('PENDING', 'RETRYING', 'SENT', 'SKIPPED', 'DEAD_LETTER')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  timestamptz,
  last_error       text,
  sent_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notification_id, channel)
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status IN ('PENDING', 'RETRYING');
CREATE INDEX notification_deliveries_by_status ON notification_deliveries (status, updated_at DESC);
