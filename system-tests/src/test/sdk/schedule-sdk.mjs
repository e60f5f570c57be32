// Schedules two messages with the official Lettermint SDK, cancels one and reschedules the other, changing only the
// base URL. In: BASE_URL, TEAM_TOKEN, SUBJECT, AT (ISO time of both), LATER (the new time). Out: one JSON line.
import { Lettermint } from 'lettermint';

const env = process.env;
const team = Lettermint.api(env.TEAM_TOKEN, { baseUrl: env.BASE_URL });

async function failure(call) {
  try {
    await call();
    return null;
  } catch (e) {
    return { status: e.statusCode, body: e.responseBody };
  }
}

const project = await team.projects.create({ name: 'Scheduling project' });
const email = Lettermint.email(project.api_token, { baseUrl: env.BASE_URL });
const toCancel = await email.from('hello@example.com').to('alice@example.org').subject(env.SUBJECT + ' (canceled)')
  .text('Never sent.').scheduledAt(env.AT).send();
const toMove = await email.from('hello@example.com').to('alice@example.org').subject(env.SUBJECT + ' (moved)')
  .text('Sent later.').scheduledAt(env.AT).send();

// the worker takes both in and parks them: then they are "scheduled" in the messages read model
async function status(id) {
  try {
    return (await team.messages.retrieve(id)).status;
  } catch (e) {
    return null;
  }
}
for (const id of [toCancel.message_id, toMove.message_id]) {
  for (let i = 0; i < 100 && (await status(id)) !== 'scheduled'; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}
const canceled = await team.messages.cancel(toCancel.message_id);
const moved = await team.messages.reschedule(toMove.message_id, { scheduled_at: env.LATER });
const cancelAgain = await failure(() => team.messages.cancel(toCancel.message_id));
const moveCanceled = await failure(() => team.messages.reschedule(toCancel.message_id, { scheduled_at: env.LATER }));
const badTime = await failure(() => team.messages.reschedule(toMove.message_id, { scheduled_at: 'someday' }));
const unknown = await failure(() => team.messages.cancel('00000000-0000-0000-0000-000000000000'));
const canceledMessage = await team.messages.retrieve(toCancel.message_id);
const movedMessage = await team.messages.retrieve(toMove.message_id);
console.log(JSON.stringify({ toCancel, toMove, canceled, moved, cancelAgain, moveCanceled, badTime, unknown,
  canceledMessage, movedMessage }));
