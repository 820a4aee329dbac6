// `npm run dlq -- list|show|replay <consumer> [event-id]`: what a consumer's dead-letter queue holds, and
// putting it back to work once the cause is fixed. In the cluster it runs from the setup image
// (docs/operations.md#dead-letters).
import { queueConsumers } from '../functions';
import { listDeadLetters, replayDeadLetters } from './dlq/dead-letters';

const usage = `usage: npm run dlq -- list|show|replay <consumer> [event-id]
  list     one line per dead letter: event id, type, time, why the broker dead-lettered it
  show     every dead letter (or the one with that event id) whole: headers and body
  replay   every dead letter (or the one with that event id) back into the consumer's queue
consumers: ${queueConsumers.map((fn) => fn.name).join(', ')}`;

async function main([command, consumer, id]: string[]): Promise<void> {
  if (!['list', 'show', 'replay'].includes(command ?? '') || !queueConsumers.some((fn) => fn.name === consumer)) {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  if (command === 'replay') {
    const replayed = await replayDeadLetters(consumer!, id);
    console.log(`replayed ${replayed.length} into ${consumer}'s queue${replayed.length ? `: ${replayed.join(', ')}` : ''}`);
    return;
  }
  const letters = (await listDeadLetters(consumer!)).filter((letter) => id === undefined || letter.id === id);
  if (command === 'show') {
    console.log(JSON.stringify(letters, null, 2));
    return;
  }
  console.log(`${letters.length} dead letter(s) for ${consumer}`);
  for (const letter of letters) console.log([letter.id, letter.type, letter.time, letter.reason].map((field) => field ?? '-').join('  '));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
