// A state's page: its partners (cooperation index and volume) and its latest events.
import { type AlignmentResult, type EventRecord, get } from '../api.ts';
import { EventList, Score, Status } from '../components/common.tsx';
import { fmtInt } from '../format.ts';
import { href, useLoad } from '../hooks.ts';
import { countryName } from '../names.ts';

export function StatePage({ code }: { code: string }) {
  const { data, error, loading } = useLoad(
    async (signal) => {
      const [dyads, events] = await Promise.all([
        get<AlignmentResult>('alignment', { a: code, limit: 50 }, signal),
        get<{ events: EventRecord[] }>('events', { actor: code, limit: 20 }, signal),
      ]);
      return { partners: dyads.partners, events: events.events };
    },
    [code],
  );
  return (
    <div>
      <h1>
        {countryName(code)} <span className="code">{code}</span>
      </h1>
      <p>
        <a href={`#/map?with=${encodeURIComponent(code)}`}>Map of its alignments</a> ·{' '}
        <a href={`#/events?actor=${encodeURIComponent(code)}`}>all its events</a>
      </p>
      <Status loading={loading} error={error}>
        {data && (
          <div className="grid2">
            <section className="card" aria-labelledby="partners-h">
              <h2 id="partners-h">Partners</h2>
              {data.partners.length === 0 ? (
                <p className="muted">No events with other states.</p>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Partner</th>
                      <th scope="col" className="num">
                        Events
                      </th>
                      <th scope="col" className="num">
                        Alignment
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.partners.map((d) => {
                      const other = d.a === code ? d.b : d.a;
                      return (
                        <tr key={other}>
                          <td>
                            <a href={href('dyad', code, other)}>{countryName(other)}</a>
                          </td>
                          <td className="num">{fmtInt(d.events)}</td>
                          <td className="num">
                            <Score value={d.alignment} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
            </section>
            <section className="card" aria-labelledby="ev-h">
              <h2 id="ev-h">Latest events</h2>
              <EventList events={data.events} />
            </section>
          </div>
        )}
      </Status>
    </div>
  );
}
